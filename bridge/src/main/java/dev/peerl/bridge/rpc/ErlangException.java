package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import java.util.Objects;
import java.util.Optional;

/**
 * An Erlang exception raised by Java code: a registered function ({@link RpcModules}) throws it to
 * fail the way an Erlang function would, with {@code throw(Value)}, {@code exit(Reason)} or {@code
 * error(Reason)}. The caller on the Erlang side sees exactly that exception:
 *
 * <pre>{@code
 * modules.register("demo", "half", 1, args -> {
 *   if (!(args.get(0) instanceof Int i)) {
 *     throw ErlangException.error(Atom.of("badarith"));  // erpc:call raises error:{exception, badarith, Stack}
 *   }
 *   return Int.of(i.value() / 2);
 * });
 * }</pre>
 *
 * Without an explicit stack, an {@code error} gets {@code [{Module, Function, Arity, []}]} of the
 * called function, as OTP's erpc keeps the frames of the called function only.
 */
public final class ErlangException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The class of an Erlang exception. */
  public enum Kind {
    THROW("throw"),
    EXIT("exit"),
    ERROR("error");

    private final Atom atom;

    Kind(String name) {
      this.atom = Atom.of(name);
    }

    /** The class as Erlang writes it: {@code throw}, {@code exit} or {@code error}. */
    public Atom atom() {
      return atom;
    }
  }

  private final transient Kind kind;
  private final transient Term reason;
  private final transient Term stack;

  private ErlangException(Kind kind, Term reason, Term stack) {
    super(kind.atom().name() + ":" + reason, null, false, true);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.stack = stack;
  }

  /** {@code throw(Value)}: rpc:call returns {@code Value}, erpc:call rethrows it. */
  public static ErlangException thrown(Term value) {
    return new ErlangException(Kind.THROW, value, null);
  }

  /** {@code exit(Reason)}. */
  public static ErlangException exit(Term reason) {
    return new ErlangException(Kind.EXIT, reason, null);
  }

  /** {@code error(Reason)}, with the called function as the stack. */
  public static ErlangException error(Term reason) {
    return new ErlangException(Kind.ERROR, reason, null);
  }

  /**
   * {@code erlang:raise(error, Reason, Stack)}: an error with an explicit stack, a list of {@code
   * {Module, Function, ArityOrArgs, Location}}.
   */
  public static ErlangException error(Term reason, Term stack) {
    return new ErlangException(Kind.ERROR, reason, Objects.requireNonNull(stack, "stack"));
  }

  public Kind kind() {
    return kind;
  }

  public Term reason() {
    return reason;
  }

  /** The stack given to {@link #error(Term, Term)}, if any. */
  public Optional<Term> stack() {
    return Optional.ofNullable(stack);
  }
}
