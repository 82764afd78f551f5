package dev.peerl.bridge.mapping;

import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;

/**
 * Terms printed for error messages within a budget of characters, so that a message about a
 * megabyte binary or a million-element list costs no more than one about a small term.
 */
final class TermText {
  private TermText() {}

  /** Erlang syntax, as {@code ~w} prints it, cut with "..." after about {@code budget} chars. */
  static String shortText(Term term, int budget) {
    StringBuilder out = new StringBuilder();
    append(out, term, budget);
    return out.length() <= budget ? out.toString() : out.substring(0, budget) + "...";
  }

  private static void append(StringBuilder out, Term term, int budget) {
    if (out.length() > budget) {
      return;
    }
    if (term instanceof Tuple tuple) {
      appendAll(out, "{", tuple.elements(), "}", budget);
    } else if (term instanceof ErlList list && list.isProper() && !list.isEmpty()) {
      appendAll(out, "[", list.elements(), "]", budget);
    } else if (term instanceof ErlMap map) {
      out.append("#{");
      for (int i = 0; i < map.size() && out.length() <= budget; i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, map.keyAt(i), budget);
        out.append("=>");
        append(out, map.valueAt(i), budget);
      }
      out.append('}');
    } else if (term instanceof Binary binary) {
      appendBinary(out, binary, budget);
    } else {
      // Leaves, improper lists and bit binaries: the codec's printer, whose output for these is
      // short or, for an improper list, rare enough in a failed mapping.
      out.append(term);
    }
  }

  /**
   * A binary of printable ASCII as {@code <<"text">>}, as {@code ~p} prints it (most binaries in a
   * failed mapping are strings); others byte by byte. Either is cut at the budget.
   */
  private static void appendBinary(StringBuilder out, Binary binary, int budget) {
    int shown = Math.min(binary.length(), budget);
    boolean text = true;
    for (int i = 0; i < binary.length() && text; i++) {
      byte b = binary.byteAt(i);
      text = b >= 0x20 && b < 0x7f;
    }
    if (text && binary.length() > 0) {
      out.append("<<\"");
      for (int i = 0; i < shown; i++) {
        char c = (char) binary.byteAt(i);
        out.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
      }
      out.append(shown < binary.length() ? "...\">>" : "\">>");
      return;
    }
    out.append("<<");
    for (int i = 0; i < shown; i++) {
      out.append(i == 0 ? "" : ",").append(binary.byteAt(i) & 0xff);
    }
    out.append(shown < binary.length() ? ",...>>" : ">>");
  }

  private static void appendAll(
      StringBuilder out, String open, java.util.List<Term> elements, String close, int budget) {
    out.append(open);
    for (int i = 0; i < elements.size() && out.length() <= budget; i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, elements.get(i), budget);
    }
    out.append(close);
  }
}
