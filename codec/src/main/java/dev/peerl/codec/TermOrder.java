package dev.peerl.codec;

import java.math.BigDecimal;

/**
 * Erlang's term order, as OTP 25's {@code erts_cmp} implements it (checked against a live node):
 *
 * <pre>
 *   number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid &lt; tuple &lt; map &lt; [] &lt; list &lt; bitstring
 * </pre>
 *
 * <ul>
 *   <li>numbers by exact value (no rounding to double), {@code 1} and {@code 1.0} alike, and {@code
 *       0.0} and {@code -0.0};
 *   <li>atoms by their UTF-8 bytes (code point order, not Java's UTF-16 order);
 *   <li>pids by serial and id (as one unsigned 64-bit number, serial high), then node name, then
 *       creation;
 *   <li>local funs by module, index, old uniq, then environment; every local fun before every
 *       external one, those by module, function and arity;
 *   <li>ports by node name, creation, then id; references by node name, creation, then their words
 *       as one unsigned number, the last word most significant;
 *   <li>tuples by arity then elements; maps by size, then keys, then values, keys in map key order;
 *       lists element by element, then tails; bitstrings bit by bit, a prefix first.
 * </ul>
 *
 * <p>Terms that this order takes as equal but {@code equals} does not (they differ only in {@code
 * 1} against {@code 1.0}, or {@code 0.0} against {@code -0.0}) are then ordered by {@link
 * #compareMapKeys}, so that {@link #compare} is consistent with {@code equals}. That tie-break
 * comes last, for the whole term: {@code [1, b]} sorts after {@code [1.0, a]}, as in Erlang.
 */
public final class TermOrder {
  private TermOrder() {}

  public static int compare(Term a, Term b) {
    int order = compare(a, b, false);
    return order != 0 ? order : compare(a, b, true);
  }

  /**
   * OTP's map key order, in which small maps are sorted and written: term order, except that any
   * integer sorts before any float (OTP's exact comparison), so {@code 1} and {@code 1.0} are two
   * keys.
   */
  public static int compareMapKeys(Term a, Term b) {
    return compare(a, b, true);
  }

  private static int compare(Term a, Term b, boolean exact) {
    if (a == b) {
      return 0;
    }
    // Atoms against atoms are most comparisons (map keys), so they skip the ranking.
    if (a instanceof Atom atomA && b instanceof Atom atomB) {
      return atomA.compareName(atomB);
    }
    int rankA = rank(a);
    int rankB = rank(b);
    if (rankA != rankB) {
      return Integer.compare(rankA, rankB);
    }
    return switch (rankA) {
      case NUMBER -> compareNumbers(a, b, exact);
      case ATOM -> ((Atom) a).compareName((Atom) b);
      case REF -> compareRefs((Ref) a, (Ref) b);
      case FUN -> compareFuns(a, b, exact);
      case PORT -> comparePorts((Port) a, (Port) b);
      case PID -> comparePids((Pid) a, (Pid) b);
      case TUPLE -> compareTuples((Tuple) a, (Tuple) b, exact);
      case MAP -> compareMaps((ErlMap) a, (ErlMap) b, exact);
      case NIL -> 0;
      case LIST -> compareLists((ErlList) a, (ErlList) b, exact);
      default -> compareBits(a, b);
    };
  }

  private static final int NUMBER = 0;
  private static final int ATOM = 1;
  private static final int REF = 2;
  private static final int FUN = 3;
  private static final int PORT = 4;
  private static final int PID = 5;
  private static final int TUPLE = 6;
  private static final int MAP = 7;
  private static final int NIL = 8;
  private static final int LIST = 9;
  private static final int BITS = 10;

  private static int rank(Term term) {
    if (term instanceof Int || term instanceof BigInt || term instanceof ErlFloat) {
      return NUMBER;
    } else if (term instanceof Atom) {
      return ATOM;
    } else if (term instanceof Ref) {
      return REF;
    } else if (term instanceof Fun || term instanceof ExportFun) {
      return FUN;
    } else if (term instanceof Port) {
      return PORT;
    } else if (term instanceof Pid) {
      return PID;
    } else if (term instanceof Tuple) {
      return TUPLE;
    } else if (term instanceof ErlMap) {
      return MAP;
    } else if (term instanceof ErlList list) {
      return list.isEmpty() && list.isProper() ? NIL : LIST;
    }
    return BITS;
  }

  private static int compareNumbers(Term a, Term b, boolean exact) {
    if (a instanceof Int x && b instanceof Int y) {
      return Long.compare(x.value(), y.value());
    }
    if (a instanceof ErlFloat x && b instanceof ErlFloat y) {
      // Double.compare puts -0.0 before 0.0; Erlang's order takes them as equal.
      return exact ? Double.compare(x.value(), y.value()) : compareValues(x.value(), y.value());
    }
    boolean floatA = a instanceof ErlFloat;
    boolean floatB = b instanceof ErlFloat;
    if (floatA != floatB && exact) {
      return floatA ? 1 : -1;
    }
    return exactValue(a).compareTo(exactValue(b));
  }

  private static int compareValues(double x, double y) {
    return x < y ? -1 : (x > y ? 1 : 0);
  }

  private static BigDecimal exactValue(Term number) {
    if (number instanceof Int i) {
      return BigDecimal.valueOf(i.value());
    } else if (number instanceof BigInt big) {
      return new BigDecimal(big.value());
    }
    return new BigDecimal(((ErlFloat) number).value());
  }

  private static int compareRefs(Ref a, Ref b) {
    int order = a.node().compareName(b.node());
    if (order != 0) {
      return order;
    }
    order = Integer.compareUnsigned(a.creation(), b.creation());
    if (order != 0) {
      return order;
    }
    int[] x = a.ids();
    int[] y = b.ids();
    for (int i = Math.max(x.length, y.length) - 1; i >= 0; i--) {
      order = Integer.compareUnsigned(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static int comparePorts(Port a, Port b) {
    int order = a.node().compareName(b.node());
    if (order != 0) {
      return order;
    }
    order = Integer.compareUnsigned(a.creation(), b.creation());
    return order != 0 ? order : Long.compareUnsigned(a.id(), b.id());
  }

  private static int comparePids(Pid a, Pid b) {
    int order = Integer.compareUnsigned(a.serial(), b.serial());
    if (order == 0) {
      order = Integer.compareUnsigned(a.id(), b.id());
    }
    if (order == 0) {
      order = a.node().compareName(b.node());
    }
    return order != 0 ? order : Integer.compareUnsigned(a.creation(), b.creation());
  }

  private static int compareFuns(Term a, Term b, boolean exact) {
    if (a instanceof ExportFun x && b instanceof ExportFun y) {
      int order = x.module().compareName(y.module());
      if (order == 0) {
        order = x.function().compareName(y.function());
      }
      return order != 0 ? order : Integer.compare(x.arity(), y.arity());
    }
    if (a instanceof Fun x && b instanceof Fun y) {
      // OTP compares local funs by these fields only: funs that differ in Uniq, OldIndex, Arity or
      // creator pid alone are =:= (Fun#equals agrees).
      int order = x.module().compareName(y.module());
      if (order == 0) {
        order = Integer.compareUnsigned(x.index(), y.index());
      }
      if (order == 0) {
        order = Long.compare(x.oldUniq(), y.oldUniq());
      }
      if (order == 0) {
        order = Integer.compare(x.freeVarArray().length, y.freeVarArray().length);
      }
      for (int i = 0; order == 0 && i < x.freeVarArray().length; i++) {
        order = compare(x.freeVarArray()[i], y.freeVarArray()[i], exact);
      }
      return order;
    }
    // Local funs before external ones.
    return a instanceof Fun ? -1 : 1;
  }

  private static int compareTuples(Tuple a, Tuple b, boolean exact) {
    return compareArrays(a.elementArray(), b.elementArray(), exact);
  }

  private static int compareArrays(Term[] x, Term[] y, boolean exact) {
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    for (int i = 0; i < x.length; i++) {
      int order = compare(x[i], y[i], exact);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static int compareMaps(ErlMap a, ErlMap b, boolean exact) {
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    for (int i = 0; i < a.size(); i++) {
      int order = compare(a.keyAt(i), b.keyAt(i), true);
      if (order != 0) {
        return order;
      }
    }
    for (int i = 0; i < a.size(); i++) {
      int order = compare(a.valueAt(i), b.valueAt(i), exact);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private static int compareLists(ErlList a, ErlList b, boolean exact) {
    Term[] x = a.elementArray();
    Term[] y = b.elementArray();
    int common = Math.min(x.length, y.length);
    for (int i = 0; i < common; i++) {
      int order = compare(x[i], y[i], exact);
      if (order != 0) {
        return order;
      }
    }
    // One side ran out of elements: what is left of it, its tail, meets the other's rest.
    if (x.length > common) {
      return -compareWithNonEmptyList(b.tail());
    }
    if (y.length > common) {
      return compareWithNonEmptyList(a.tail());
    }
    return compare(a.tail(), b.tail(), exact);
  }

  // A tail is [] or not a list at all, so it never equals a non-empty list.
  private static int compareWithNonEmptyList(Term tail) {
    return rank(tail) < LIST ? -1 : 1;
  }

  private static int compareBits(Term a, Term b) {
    byte[] x = bitsArray(a);
    byte[] y = bitsArray(b);
    int offsetX = a instanceof Binary binary ? binary.offset() : 0;
    int offsetY = b instanceof Binary binary ? binary.offset() : 0;
    long bitsX = bitLength(a);
    long bitsY = bitLength(b);
    long common = Math.min(bitsX, bitsY);
    int wholeBytes = (int) (common / 8);
    int order =
        java.util.Arrays.compareUnsigned(
            x, offsetX, offsetX + wholeBytes, y, offsetY, offsetY + wholeBytes);
    if (order != 0) {
      return order;
    }
    int restBits = (int) (common % 8);
    if (restBits > 0) {
      int mask = 0xFF << (8 - restBits) & 0xFF;
      order = Integer.compare(x[offsetX + wholeBytes] & mask, y[offsetY + wholeBytes] & mask);
      if (order != 0) {
        return order;
      }
    }
    return Long.compare(bitsX, bitsY);
  }

  private static byte[] bitsArray(Term bits) {
    return bits instanceof Binary binary ? binary.array() : ((BitBinary) bits).bytes();
  }

  private static long bitLength(Term bits) {
    return bits instanceof Binary binary ? binary.length() * 8L : ((BitBinary) bits).bitLength();
  }
}
