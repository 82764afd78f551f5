package dev.peerl.codec;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A list: {@code []}, a proper list {@code [A, B, C]} or an improper one {@code [A, B | Tail]}
 * whose tail is not a list. Like OTP's encoder, a proper list of integers 0..255 is written as a
 * byte string ({@code STRING_EXT}) when it has at most 65535 elements; it is the same term.
 */
public final class ErlList implements Term {
  /** The empty list, {@code []}. */
  public static final ErlList NIL = new ErlList(new Term[0], null);

  private static final Term[] NO_TERMS = new Term[0];

  private final Term[] elements;
  private final Term tail; // null for a proper list
  // Whether this is a proper list of integers 0..255, which the encoder may write as STRING_EXT:
  // 0 not known yet, 1 yes, -1 no. Worked out once, as the encoder asks twice per encode; threads
  // that race to it compute the same answer.
  private byte byteString;

  private ErlList(Term[] elements, Term tail) {
    this.elements = elements;
    this.tail = tail;
  }

  public static ErlList of(Term... elements) {
    return elements.length == 0 ? NIL : new ErlList(copyOf(elements), null);
  }

  public static ErlList of(Collection<? extends Term> elements) {
    return elements.isEmpty() ? NIL : new ErlList(copyOf(elements.toArray(NO_TERMS)), null);
  }

  /**
   * {@code [Elements... | Tail]}. A tail that is a list is spliced in, so the result is proper
   * exactly when it would be in Erlang.
   */
  public static Term improper(List<? extends Term> elements, Term tail) {
    if (tail instanceof ErlList list) {
      Term[] joined = Arrays.copyOf(elements.toArray(NO_TERMS), elements.size() + list.size());
      System.arraycopy(list.elements, 0, joined, elements.size(), list.size());
      return joined.length == 0 ? NIL : new ErlList(checkElements(joined), list.tail);
    }
    if (elements.isEmpty()) {
      return tail;
    }
    return new ErlList(copyOf(elements.toArray(NO_TERMS)), tail);
  }

  /** A charlist: the code points of {@code text}, as Erlang's {@code "text"} is. */
  public static ErlList ofCodePoints(String text) {
    return new ErlList(text.codePoints().mapToObj(Int::of).toArray(Term[]::new), null).orNil();
  }

  /** Takes ownership of an array the decoder filled; tail null for a proper list. */
  static ErlList ofOwned(Term[] elements, Term tail) {
    return elements.length == 0 && tail == null ? NIL : new ErlList(elements, tail);
  }

  private ErlList orNil() {
    return elements.length == 0 && tail == null ? NIL : this;
  }

  private static Term[] copyOf(Term[] elements) {
    return checkElements(elements.clone());
  }

  private static Term[] checkElements(Term[] elements) {
    for (Term element : elements) {
      if (element == null) {
        throw new NullPointerException("a list element is null");
      }
    }
    return elements;
  }

  /** The number of elements before the tail. */
  public int size() {
    return elements.length;
  }

  public boolean isEmpty() {
    return elements.length == 0;
  }

  public boolean isProper() {
    return tail == null;
  }

  public Term get(int index) {
    return elements[Checks.index(index, elements.length)];
  }

  /** The elements before the tail. */
  public List<Term> elements() {
    return List.of(elements);
  }

  /** The tail: {@link #NIL} for a proper list. */
  public Term tail() {
    return tail == null ? NIL : tail;
  }

  /** The text of a proper list of Unicode code points, as {@code unicode:characters_to_list}. */
  public String toCodePointString() {
    if (tail != null) {
      throw new IllegalStateException("an improper list is not a string: " + this);
    }
    StringBuilder text = new StringBuilder(elements.length);
    for (Term element : elements) {
      if (!(element instanceof Int i) || i.value() < 0 || i.value() > Character.MAX_CODE_POINT) {
        throw new IllegalStateException("not a code point: " + element);
      }
      text.appendCodePoint((int) i.value());
    }
    return text.toString();
  }

  Term[] elementArray() {
    return elements;
  }

  boolean isByteString() {
    if (byteString == 0) {
      byteString = tail == null && allBytes(elements) ? (byte) 1 : (byte) -1;
    }
    return byteString > 0;
  }

  private static boolean allBytes(Term[] elements) {
    for (Term element : elements) {
      if (!(element instanceof Int i) || i.value() < 0 || i.value() > 255) {
        return false;
      }
    }
    return true;
  }

  Term rawTail() {
    return tail;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof ErlList list
            && Arrays.equals(list.elements, elements)
            && java.util.Objects.equals(list.tail, tail));
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(elements) + (tail == null ? 0 : tail.hashCode());
  }

  @Override
  public String toString() {
    return TermPrinter.print(this);
  }
}
