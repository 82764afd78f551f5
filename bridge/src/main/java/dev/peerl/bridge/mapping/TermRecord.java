package dev.peerl.bridge.mapping;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides, for one record, the tag and the style a {@link TermMapper} gives it:
 *
 * <pre>{@code
 * @TermRecord(tag = "Elixir.MyApp.User", style = RecordStyle.MAP)
 * record User(String name) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TermRecord {
  /**
   * The tag atom: the first element of a {@link RecordStyle#TAGGED_TUPLE}, the value of {@code
   * __struct__} in a {@link RecordStyle#MAP}. Empty (the default) for the record's simple name in
   * the mapper's {@link Naming}.
   */
  String tag() default "";

  /** The style of this record; at most one. Empty (the default) for the mapper's style. */
  RecordStyle[] style() default {};
}
