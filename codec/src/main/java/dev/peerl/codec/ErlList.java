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
  // Markers for `bytes` (compared by identity, never written).
  private static final byte[] UNKNOWN = new byte[0];
  private static final byte[] BYTES = new byte[0];

  private final Term[] elements;
  private final Term tail; // null for a proper list
  // For the encoder, which writes a proper list of integers 0..255 as STRING_EXT: null when this
  // is not one, BYTES when it is, UNKNOWN when that is not worked out (it then is on each encode),
  // or the bytes themselves, for a list made from text or read as STRING_EXT: written with one
  // copy. In the place of a flag, so a list takes no more memory (24 bytes) for it; final, so a
  // list passed between threads without a barrier still shows its bytes whole.
  private final byte[] bytes;

  private ErlList(Term[] elements, Term tail) {
    this(elements, tail, UNKNOWN);
  }

  private ErlList(Term[] elements, Term tail, byte[] bytes) {
    this.elements = elements;
    this.tail = tail;
    this.bytes = bytes;
  }

  public static ErlList of(Term... elements) {
    return elements.length == 0 ? NIL : ofChecked(copyOf(elements));
  }

  public static ErlList of(Collection<? extends Term> elements) {
    return elements.isEmpty() ? NIL : ofChecked(copyOf(elements.toArray(NO_TERMS)));
  }

  private static ErlList ofChecked(Term[] elements) {
    return new ErlList(elements, null, allBytes(elements) ? BYTES : null);
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
    int[] codePoints = text.codePoints().toArray();
    if (codePoints.length == 0) {
      return NIL;
    }
    Term[] elements = new Term[codePoints.length];
    byte[] bytes = new byte[codePoints.length];
    for (int i = 0; i < codePoints.length; i++) {
      elements[i] = Int.of(codePoints[i]);
      if (bytes != null && codePoints[i] <= 255) {
        bytes[i] = (byte) codePoints[i];
      } else {
        bytes = null;
      }
    }
    return new ErlList(elements, null, bytes);
  }

  /**
   * A proper list of the integers {@code bytes} holds, 0..255 each, as the decoder reads a {@code
   * STRING_EXT}; takes ownership of the array, which must not be empty.
   */
  static ErlList ofOwnedBytes(byte[] bytes) {
    Term[] elements = new Term[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      elements[i] = Int.of(bytes[i] & 0xFF);
    }
    return new ErlList(elements, null, bytes);
  }

  /** Takes ownership of an array the decoder filled; tail null for a proper list. */
  static ErlList ofOwned(Term[] elements, Term tail) {
    return elements.length == 0 && tail == null ? NIL : new ErlList(elements, tail);
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

  /** Whether this is a proper list of integers 0..255. */
  boolean isByteString() {
    byte[] known = bytes;
    if (known == UNKNOWN) {
      return tail == null && allBytes(elements);
    }
    return known != null;
  }

  /** The integers of a proper list of integers 0..255 as bytes, when it keeps them; else null. */
  byte[] keptBytes() {
    byte[] known = bytes;
    return known == UNKNOWN || known == BYTES ? null : known;
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
