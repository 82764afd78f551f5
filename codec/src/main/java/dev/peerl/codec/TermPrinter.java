package dev.peerl.codec;

/** Prints terms in Erlang syntax, as {@code io:format("~w", [T])} does. */
final class TermPrinter {
  private TermPrinter() {}

  static String print(Term term) {
    StringBuilder out = new StringBuilder();
    append(out, term);
    return out.toString();
  }

  private static void append(StringBuilder out, Term term) {
    if (term instanceof Tuple tuple) {
      out.append('{');
      appendAll(out, tuple.elementArray());
      out.append('}');
    } else if (term instanceof ErlList list) {
      out.append('[');
      appendAll(out, list.elementArray());
      if (!list.isProper()) {
        out.append('|');
        append(out, list.rawTail());
      }
      out.append(']');
    } else if (term instanceof ErlMap map) {
      out.append("#{");
      for (int i = 0; i < map.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, map.keyAt(i));
        out.append("=>");
        append(out, map.valueAt(i));
      }
      out.append('}');
    } else {
      out.append(term);
    }
  }

  private static void appendAll(StringBuilder out, Term[] terms) {
    for (int i = 0; i < terms.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, terms[i]);
    }
  }

  static String atom(String name) {
    if (isBare(name)) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
    name.codePoints()
        .forEach(
            c -> {
              if (c == '\'' || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else if (c < 0x20 || c == 0x7F) {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('\'').toString();
  }

  private static final java.util.Set<String> RESERVED =
      java.util.Set.of(
          "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
          "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
          "rem", "try", "when", "xor", "maybe", "else");

  private static boolean isBare(String name) {
    if (name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z' || RESERVED.contains(name)) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String floatText(double value) {
    // Erlang always prints a fraction or an exponent, and uses 'e' like Java's shortest form.
    String text = Double.toString(value);
    return text.replace("E", "e");
  }

  static String bits(byte[] bytes, int offset, int length, int bitsInLastByte) {
    StringBuilder out = new StringBuilder("<<");
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out.append(',');
      }
      int value = bytes[offset + i] & 0xFF;
      if (i == length - 1 && bitsInLastByte < 8) {
        out.append(value >>> (8 - bitsInLastByte)).append(':').append(bitsInLastByte);
      } else {
        out.append(value);
      }
    }
    return out.append(">>").toString();
  }
}
