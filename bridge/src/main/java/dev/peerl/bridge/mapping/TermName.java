package dev.peerl.bridge.mapping;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The atom a record component (its key in {@link RecordStyle#MAP} style) or an enum constant maps
 * to, instead of the one the mapper's {@link Naming} gives:
 *
 * <pre>{@code
 * record User(@TermName("e-mail") String email) {}
 * enum Level { @TermName("warning") WARN, ERROR }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface TermName {
  /** The atom's name. */
  String value();
}
