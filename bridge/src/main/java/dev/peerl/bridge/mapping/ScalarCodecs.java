package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.BigInt;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** The codecs of numbers, booleans, characters, strings, byte arrays and terms themselves. */
final class ScalarCodecs {
  private ScalarCodecs() {}

  static final Codec LONG = new Integral("long", Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
  static final Codec INT =
      new Integral("int", Integer.MIN_VALUE, Integer.MAX_VALUE, v -> Integer.valueOf((int) v));
  static final Codec SHORT =
      new Integral("short", Short.MIN_VALUE, Short.MAX_VALUE, v -> Short.valueOf((short) v));
  static final Codec BYTE =
      new Integral("byte", Byte.MIN_VALUE, Byte.MAX_VALUE, v -> Byte.valueOf((byte) v));
  static final Codec CHAR =
      new Integral("char", Character.MIN_VALUE, Character.MAX_VALUE, v -> (char) v);
  static final Codec BIG_INTEGER = new BigIntegerCodec();
  static final Codec DOUBLE = new Floating(false);
  static final Codec FLOAT = new Floating(true);
  static final Codec BOOLEAN = new BooleanCodec();
  static final Codec BYTES = new BytesCodec();

  /** The codec of an integral type: a range check on the way in, boxing as the type needs. */
  private record Integral(String name, long min, long max, LongFunction<Object> box)
      implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return Int.of(value instanceof Character c ? c : ((Number) value).longValue());
    }

    @Override
    public Object decode(Term term, int depth) {
      if (term instanceof Int i) {
        if (i.value() < min || i.value() > max) {
          throw outOfRange(i);
        }
        return box.apply(i.value());
      }
      if (term instanceof BigInt) {
        throw outOfRange(term);
      }
      throw TermMappingException.expected("an integer", term);
    }

    private TermMappingException outOfRange(Term integer) {
      return new TermMappingException(
          "integer " + TermMappingException.describe(integer) + " out of range for " + name);
    }
  }

  private static final class BigIntegerCodec implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return Int.of((BigInteger) value);
    }

    @Override
    public Object decode(Term term, int depth) {
      if (term instanceof Int i) {
        return i.toBigInteger();
      }
      if (term instanceof BigInt big) {
        return big.value();
      }
      throw TermMappingException.expected("an integer", term);
    }
  }

  /**
   * Doubles and floats. An Erlang integer decodes too when the double holds it exactly (a
   * hand-written {@code 0} for a float field is common); a float that overflows a Java {@code
   * float} does not.
   */
  private record Floating(boolean single) implements Codec {
    private static final long EXACT = 1L << 53;

    @Override
    public Term encode(Object value, int depth) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new TermMappingException(d + " has no Erlang form: Erlang floats are finite");
      }
      return ErlFloat.of(d);
    }

    @Override
    public Object decode(Term term, int depth) {
      double d;
      if (term instanceof ErlFloat f) {
        d = f.value();
      } else if (term instanceof Int i && i.value() >= -EXACT && i.value() <= EXACT) {
        d = i.value();
      } else {
        throw TermMappingException.expected("a float", term);
      }
      if (!single) {
        return d;
      }
      float narrowed = (float) d;
      if (Float.isInfinite(narrowed)) {
        throw new TermMappingException("float " + term + " out of range for float");
      }
      return narrowed;
    }
  }

  private static final class BooleanCodec implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return Atom.of((Boolean) value);
    }

    @Override
    public Object decode(Term term, int depth) {
      if (Atom.TRUE.equals(term)) {
        return Boolean.TRUE;
      }
      if (Atom.FALSE.equals(term)) {
        return Boolean.FALSE;
      }
      throw TermMappingException.expected("true or false", term);
    }
  }

  private static final class BytesCodec implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return Binary.of((byte[]) value);
    }

    @Override
    public Object decode(Term term, int depth) {
      if (term instanceof Binary binary) {
        return binary.toByteArray();
      }
      throw TermMappingException.expected("a binary", term);
    }
  }

  /** Strings: written in the mapper's style; read from a UTF-8 binary or a list of code points. */
  record StringCodec(StringStyle style) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      String text = (String) value;
      return style == StringStyle.BINARY ? Binary.of(text) : ErlList.ofCodePoints(text);
    }

    @Override
    public Object decode(Term term, int depth) {
      if (term instanceof Binary binary) {
        return utf8(binary);
      }
      if (term instanceof ErlList list && list.isProper()) {
        return codePoints(list);
      }
      throw TermMappingException.expected("a string (a UTF-8 binary or a charlist)", term);
    }

    private static String utf8(Binary binary) {
      String text = binary.utf8();
      // The lenient decode marks malformed input with U+FFFD; only then is a strict pass worth
      // its cost (the binary may hold a real U+FFFD).
      if (text.indexOf('\uFFFD') >= 0) {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(binary.toByteArray()));
        } catch (CharacterCodingException e) {
          throw TermMappingException.expected("a string (a UTF-8 binary or a charlist)", binary);
        }
      }
      return text;
    }

    private static String codePoints(ErlList list) {
      StringBuilder text = new StringBuilder(list.size());
      for (int i = 0; i < list.size(); i++) {
        Term element = list.get(i);
        if (!(element instanceof Int c)
            || c.value() < 0
            || c.value() > Character.MAX_CODE_POINT
            || (c.value() >= Character.MIN_SURROGATE && c.value() <= Character.MAX_SURROGATE)) {
          throw TermMappingException.expected("a Unicode code point", element)
              .inElement(Integer.toString(i));
        }
        text.appendCodePoint((int) c.value());
      }
      return text.toString();
    }
  }

  /** A term, or one kind of term, as itself. */
  record TermCodec(Class<?> type, String what) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return (Term) value;
    }

    @Override
    public Object decode(Term term, int depth) {
      if (!type.isInstance(term)) {
        throw TermMappingException.expected(what, term);
      }
      return term;
    }
  }
}
