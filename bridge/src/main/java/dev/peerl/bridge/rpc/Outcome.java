package dev.peerl.bridge.rpc;

import dev.peerl.bridge.rpc.ErlangException.Kind;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.util.Objects;

/** How a call of a Java function ended, and what each rpc protocol makes of it. */
sealed interface Outcome {
  Atom RETURN = Atom.of("return");
  Atom BADRPC = Atom.of("badrpc");
  Atom EXIT_TAG = Atom.of("EXIT");
  Atom EXCEPTION = Atom.of("exception");
  Atom NOCATCH = Atom.of("nocatch");

  /** The function returned {@code value}. */
  record Returned(Term value) implements Outcome {
    public Returned {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The function raised an Erlang exception; {@code stack} matters for {@code error} only. */
  record Raised(Kind kind, Term reason, Term stack) implements Outcome {
    public Raised {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(stack, "stack");
    }
  }

  /**
   * The exit reason of erpc's {@code execute_call(Res, M, F, A)} process, which the caller's
   * monitor delivers: {@code {Res, return, V}}, {@code {Res, throw, T}}, {@code {Res, exit, R}} or
   * {@code {Res, error, R, Stack}} (erpc.erl).
   */
  default Term erpcExitReason(Term res) {
    if (this instanceof Returned returned) {
      return Tuple.of(res, RETURN, returned.value());
    }
    Raised raised = (Raised) this;
    return raised.kind() == Kind.ERROR
        ? Tuple.of(res, Kind.ERROR.atom(), raised.reason(), raised.stack())
        : Tuple.of(res, raised.kind().atom(), raised.reason());
  }

  /**
   * The reply of rex's {@code call} and {@code block_call}, as rpc.erl's {@code execute_call/3}
   * makes it: the value; a thrown value as it is; {@code {badrpc, {'EXIT', R}}} for an exit and
   * {@code {badrpc, {'EXIT', {R, Stack}}}} for an error.
   */
  default Term rpcReply() {
    if (this instanceof Returned returned) {
      return returned.value();
    }
    Raised raised = (Raised) this;
    return switch (raised.kind()) {
      case THROW -> raised.reason();
      case EXIT -> Tuple.of(BADRPC, Tuple.of(EXIT_TAG, raised.reason()));
      case ERROR -> Tuple.of(BADRPC, Tuple.of(EXIT_TAG, Tuple.of(raised.reason(), raised.stack())));
    };
  }

  /**
   * The exit reason of a cast's process: {@code normal}, or what the uncaught exception makes it in
   * Erlang ({@code {nocatch, T}}; {@code R}; erpc's {@code {exception, {R, Stack}}}).
   */
  default Term castExitReason() {
    if (this instanceof Returned) {
      return Atom.NORMAL;
    }
    Raised raised = (Raised) this;
    return switch (raised.kind()) {
      case THROW -> Tuple.of(NOCATCH, raised.reason());
      case EXIT -> raised.reason();
      case ERROR -> Tuple.of(EXCEPTION, Tuple.of(raised.reason(), raised.stack()));
    };
  }
}
