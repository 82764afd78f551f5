package dev.peerl.codec;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** A tuple, {@code {A, B, C}}. */
public final class Tuple implements Term {
  public static final Tuple EMPTY = new Tuple(new Term[0]);

  private final Term[] elements;

  private Tuple(Term[] elements) {
    this.elements = elements;
  }

  public static Tuple of(Term... elements) {
    if (elements.length == 0) {
      return EMPTY;
    }
    Term[] copy = elements.clone();
    for (Term element : copy) {
      if (element == null) {
        throw new NullPointerException("a tuple element is null");
      }
    }
    return new Tuple(copy);
  }

  public static Tuple of(Collection<? extends Term> elements) {
    return of(elements.toArray(new Term[0]));
  }

  /** Takes ownership of an array the decoder filled. */
  static Tuple ofOwned(Term[] elements) {
    return elements.length == 0 ? EMPTY : new Tuple(elements);
  }

  public int arity() {
    return elements.length;
  }

  /** The element at a 0-based index ({@code element(index + 1, T)} in Erlang). */
  public Term get(int index) {
    return elements[Checks.index(index, elements.length)];
  }

  public List<Term> elements() {
    return List.of(elements);
  }

  Term[] elementArray() {
    return elements;
  }

  /** True when this is a tuple of {@code arity} elements whose first is {@code tag}. */
  public boolean isTagged(Atom tag, int arity) {
    return elements.length == arity && arity > 0 && elements[0].equals(tag);
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof Tuple tuple && Arrays.equals(tuple.elements, elements));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(elements);
  }

  @Override
  public String toString() {
    return TermPrinter.print(this);
  }
}
