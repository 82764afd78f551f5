package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import java.util.Objects;

/**
 * An rpc from Java to an Erlang node ({@link Rpc#call}) that gave no result: {@link #reason()} is
 * the {@code Reason} of the {@code {badrpc, Reason}} that {@code rpc:call} would return in Erlang.
 * The subclasses tell the cases apart.
 */
public abstract sealed class RpcException extends RuntimeException
    permits BadRpcException,
        RpcNodeDownException,
        RpcNoProcException,
        RpcTimeoutException,
        RpcTooManyCallsException {
  private static final long serialVersionUID = 1L;

  private final transient Atom node;
  private final transient Term reason;

  RpcException(Atom node, Term reason, String message) {
    super(message);
    this.node = Objects.requireNonNull(node, "node");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The node that was called. */
  public Atom node() {
    return node;
  }

  /** As in {@code {badrpc, Reason}}. */
  public Term reason() {
    return reason;
  }
}
