package dev.peerl.bridge.mapping;

import dev.peerl.codec.Term;

/**
 * The mapping of one Java type, built once per type and cached by {@link CodecFactory}. {@code
 * depth} counts the containers around the value, so that a cyclic Java collection or an absurdly
 * deep term ends in a {@link TermMappingException} rather than a {@link StackOverflowError}.
 */
interface Codec {
  /** The term for a non-null value of this codec's type. */
  Term encode(Object value, int depth);

  /** The value of this codec's type that {@code term} stands for, never null. */
  Object decode(Term term, int depth);

  /** Encodes an element of a container, refusing null with the reason. */
  static Term encodeElement(Codec codec, Object value, int depth) {
    if (value == null) {
      throw new TermMappingException("null has no term form; use Optional for absent values");
    }
    return codec.encode(value, depth);
  }
}
