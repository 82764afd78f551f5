package dev.peerl.bridge.mapping;

import dev.peerl.codec.Term;

/**
 * A value that does not fit its mapping: a term that does not fit the Java type asked for, a Java
 * value with no term form, or a type the mapper cannot map. The message leads with the path to the
 * offending part, from the outermost value in: {@code person.address.zip: expected an integer, got
 * <<"x">>}.
 *
 * <p>Converters may throw it with a reason of their own; the mapper adds the path.
 */
public final class TermMappingException extends RuntimeException {
  private static final int MAX_TERM_TEXT = 120;
  // A path through a term nested a thousand deep would be longer than anyone reads; its outer end
  // says where to look.
  private static final int MAX_PATH = 240;

  private final String reason;
  // Grows outward as the exception leaves nested values; only ever touched by the thread that
  // throws it, before anyone else can see it.
  private String path;

  /** A mapping failure with this reason; the path is filled in as it leaves nested values. */
  public TermMappingException(String reason) {
    this(reason, null);
  }

  /** As {@link #TermMappingException(String)}, caused by {@code cause}. */
  public TermMappingException(String reason, Throwable cause) {
    super(reason, cause);
    this.reason = reason;
    this.path = "";
  }

  /**
   * Where the failure is, in Java names from the outermost value in: record components after a dot,
   * list positions and map keys in brackets ({@code order.lines[2].sku}). Empty when the outermost
   * value itself does not fit.
   */
  public String path() {
    return path;
  }

  /** What went wrong, without the path. */
  public String reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return path.isEmpty() ? reason : path + ": " + reason;
  }

  /** Prefixes a record component's (or the outermost record's) name to the path. */
  TermMappingException inField(String name) {
    return withPath(path.isEmpty() || path.startsWith("[") ? name + path : name + "." + path);
  }

  /** Prefixes a list position or a map key to the path. */
  TermMappingException inElement(String index) {
    return withPath(
        "[" + index + "]" + (path.isEmpty() || path.startsWith("[") ? path : "." + path));
  }

  private TermMappingException withPath(String longer) {
    path = longer.length() <= MAX_PATH ? longer : longer.substring(0, MAX_PATH) + "...";
    return this;
  }

  /** "expected X, got T" with the term printed in Erlang syntax, cut short when long. */
  static TermMappingException expected(String what, Term got) {
    return new TermMappingException("expected " + what + ", got " + describe(got));
  }

  /** The term in Erlang syntax, cut short when long: for error messages. */
  static String describe(Term term) {
    return TermText.shortText(term, MAX_TERM_TEXT);
  }
}
