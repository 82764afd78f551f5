package dev.peerl.codec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Set;

/**
 * Prints terms in Erlang syntax, character for character as {@code io_lib:format("~tw", [T])} does
 * on OTP 25 for numbers, atoms, bitstrings, lists, tuples, maps and export funs. ({@code ~w} is the
 * same except that it escapes atom characters beyond Latin-1 as {@code \x{...}}.)
 *
 * <p>Pids, ports, references and local funs name their node ({@code <beam@host.80.0>}) where erl
 * prints an index into its own node table ({@code <0.80.0>}, {@code <5.80.0>}), which means nothing
 * off that node. Maps print in map key order, which is OTP 25's order for maps of up to 32 keys.
 */
final class TermPrinter {
  // erl_scan's reserved words. 'maybe' and 'else' are reserved only where the maybe_expr feature
  // is on (by default from OTP 27), and are quoted here on every release: quoted, they read back
  // as the same atom everywhere.
  private static final Set<String> RESERVED =
      Set.of(
          "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
          "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
          "rem", "try", "when", "xor", "maybe", "else");

  // io_lib_format:fwrite_g/1 prints integral floats from 2^53 on in scientific notation.
  private static final double SCIENTIFIC_FROM = 0x1p53;
  private static final int MAX_SIGNIFICANT_DIGITS = 17;

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
        out.append(" => ");
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

  /** An atom as {@code io_lib:write_atom/1} writes it: bare when it may be, else quoted. */
  static String atom(String name) {
    if (!needsQuotes(name)) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
    name.codePoints().forEach(c -> appendQuoted(out, c));
    return out.append('\'').toString();
  }

  // io_lib:quote_atom/2: a lowercase Latin-1 letter, then Latin-1 letters, digits, _ and @.
  private static boolean needsQuotes(String name) {
    if (name.isEmpty() || !isLowercase(name.charAt(0)) || RESERVED.contains(name)) {
      return true;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLowercase(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'ß' && c <= 'ÿ' && c != '÷');
  }

  private static boolean isNameChar(char c) {
    return isLowercase(c)
        || (c >= 'A' && c <= 'Z')
        || (c >= 'À' && c <= 'Þ' && c != '×')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '@';
  }

  // io_lib:write_string/2's escapes: control characters below 160 are escaped, all else is kept.
  private static void appendQuoted(StringBuilder out, int c) {
    switch (c) {
      case '\'' -> out.append("\\'");
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0B -> out.append("\\v");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case 0x1B -> out.append("\\e");
      case 0x7F -> out.append("\\d");
      default -> {
        if ((c >= ' ' && c <= '~') || c >= 0xA0) {
          out.appendCodePoint(c);
        } else {
          out.append('\\')
              .append((char) ('0' + (c >> 6)))
              .append((char) ('0' + ((c >> 3) & 7)))
              .append((char) ('0' + (c & 7)));
        }
      }
    }
  }

  /**
   * A float as {@code io_lib_format:fwrite_g/1} writes it: the shortest digits that read back as
   * the same double (the closest such, when there are several), in plain notation when that is not
   * longer than scientific notation and the value is below 2^53.
   */
  static String floatText(double value) {
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0";
    }
    double magnitude = Math.abs(value);
    BigDecimal shortest = shortestDecimal(magnitude).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    String text =
        placeDecimalPoint(digits.length() - shortest.scale(), digits, magnitude < SCIENTIFIC_FROM);
    return value < 0 ? "-" + text : text;
  }

  // Only the two decimals of each length next to the exact value can read back as it (the doubles
  // that read back as it form an interval around it); the first length where one does is the
  // shortest, and of two, the nearer wins (an exact tie goes to the even last digit).
  private static BigDecimal shortestDecimal(double magnitude) {
    BigDecimal exact = new BigDecimal(magnitude);
    for (int digits = 1; digits < MAX_SIGNIFICANT_DIGITS; digits++) {
      BigDecimal below = exact.round(new MathContext(digits, RoundingMode.DOWN));
      BigDecimal above = exact.round(new MathContext(digits, RoundingMode.UP));
      boolean belowReadsBack = below.doubleValue() == magnitude;
      boolean aboveReadsBack = above.doubleValue() == magnitude;
      if (belowReadsBack && aboveReadsBack) {
        return exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      } else if (belowReadsBack) {
        return below;
      } else if (aboveReadsBack) {
        return above;
      }
    }
    return exact.round(new MathContext(MAX_SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN));
  }

  // io_lib_format:insert_decimal/3 as in OTP 25 (and 27), for the value 0.digits * 10^point:
  // scientific notation when plain notation would be longer (a one-digit mantissa counts the ".0"
  // it needs), and for every integral value from 2^53 on.
  private static String placeDecimalPoint(int point, String digits, boolean plainIntegral) {
    int length = digits.length();
    if (point == 0) {
      return "0." + digits;
    }
    if (point > 0 && point < length) {
      return digits.substring(0, point) + "." + digits.substring(point);
    }
    String exponentText = Integer.toString(point - 1);
    int scientificCost = exponentText.length() + 1 + (length == 1 ? 2 : 1);
    if (point < 0) {
      return 2 - point <= scientificCost
          ? "0." + "0".repeat(-point) + digits
          : scientific(exponentText, digits);
    }
    return point - length + 2 <= scientificCost && plainIntegral
        ? digits + "0".repeat(point - length) + ".0"
        : scientific(exponentText, digits);
  }

  private static String scientific(String exponentText, String digits) {
    String fraction = digits.length() == 1 ? "0" : digits.substring(1);
    return digits.charAt(0) + "." + fraction + "e" + exponentText;
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
