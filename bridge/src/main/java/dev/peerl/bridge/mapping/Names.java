package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;

/** Java names to atoms. */
final class Names {
  private Names() {}

  /** {@code name} in the naming style, as an atom. */
  static Atom atom(String name, Naming naming) {
    return atomNamed(naming == Naming.SNAKE_CASE ? snakeCase(name) : name);
  }

  /** The atom {@code name}, refusing what Erlang refuses with a mapping error. */
  static Atom atomNamed(String name) {
    try {
      return Atom.of(name);
    } catch (IllegalArgumentException e) {
      throw new TermMappingException(e.getMessage(), e);
    }
  }

  /**
   * {@code OrderLine} to {@code order_line}, {@code HTTPServer} to {@code http_server}, {@code
   * IN_STOCK} to {@code in_stock}, {@code line2Total} to {@code line2_total}: a word starts at an
   * upper-case letter that follows a lower-case letter or digit, or that precedes a lower-case
   * letter after another upper-case one.
   */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLower =
            i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || isDigit(name.charAt(i - 1)));
        boolean acronymEnd =
            i > 0
                && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1));
        if ((afterLower || acronymEnd) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code OrderLine} to {@code orderLine}: the outermost record's name in error paths. */
  static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
