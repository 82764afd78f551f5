package dev.peerl.bridge.mapping;

import dev.peerl.codec.Term;
import java.util.function.Function;

/**
 * A mapping of one Java type the mapper does not know, or maps otherwise than wanted (see {@link
 * TermMapper.Builder#converter(Class, TermConverter)}). Either method may throw {@link
 * TermMappingException} or {@link IllegalArgumentException} for a value that does not fit; the
 * mapper adds where it was.
 *
 * @param <T> the Java type
 */
public interface TermConverter<T> {
  /** The term for {@code value}, never null. */
  Term toTerm(T value);

  /** The value {@code term} stands for, never null. */
  T fromTerm(Term term);

  /** A converter of two functions, one for each direction. */
  static <T> TermConverter<T> of(Function<? super T, ? extends Term> to, Function<Term, T> from) {
    return new TermConverter<>() {
      @Override
      public Term toTerm(T value) {
        return to.apply(value);
      }

      @Override
      public T fromTerm(Term term) {
        return from.apply(term);
      }
    };
  }
}
