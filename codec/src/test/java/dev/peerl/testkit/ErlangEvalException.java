package dev.peerl.testkit;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;

/**
 * The expression raised: {@code error}, {@code throw} or {@code exit}, with Erlang's reason and
 * stacktrace as terms, and the exception as {@code erl_error:format_exception/3} prints it.
 */
public final class ErlangEvalException extends ErlangTestKitException {
  private final transient Atom errorClass;
  private final transient Term reason;
  private final transient Term stacktrace;

  ErlangEvalException(
      String node,
      String expression,
      Atom errorClass,
      Term reason,
      Term stacktrace,
      String formatted) {
    super(
        String.format(
            "`%s` on %s raised %s:%s\n%s", expression, node, errorClass, reason, formatted));
    this.errorClass = errorClass;
    this.reason = reason;
    this.stacktrace = stacktrace;
  }

  /** {@code error}, {@code throw} or {@code exit}. */
  public Atom errorClass() {
    return errorClass;
  }

  public Term reason() {
    return reason;
  }

  /** The stacktrace as Erlang reported it: a list of {@code {M, F, ArityOrArgs, Location}}. */
  public Term stacktrace() {
    return stacktrace;
  }
}
