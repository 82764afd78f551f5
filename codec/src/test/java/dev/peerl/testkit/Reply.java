package dev.peerl.testkit;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;

/** How one evaluation request ended, as the channel reports it to the waiting caller. */
sealed interface Reply {
  /** {@code ok}: the expression's value. */
  record Value(Term value) implements Reply {}

  /** {@code raised}: the exception, and Erlang's own rendering of it. */
  record Raised(Atom errorClass, Term reason, Term stacktrace, String formatted) implements Reply {}

  /** {@code badexpr}: the text did not scan or parse. */
  record BadExpression(String message) implements Reply {}

  /** The answer arrived but could not be read: a kit bug or an OTP the kit does not know. */
  record Unreadable(String problem) implements Reply {}

  /** No answer will come: the node's output ended or its input broke. */
  record NodeGone(String detail) implements Reply {}
}
