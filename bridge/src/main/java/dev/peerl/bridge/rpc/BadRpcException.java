package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;

/**
 * The Erlang node answered {@code {badrpc, Reason}}: the function raised an exit ({@code {'EXIT',
 * Reason}}) or an error ({@code {'EXIT', {Reason, Stack}}}), was undefined ({@code {'EXIT', {undef,
 * [{M, F, Args, []}]}}}), or returned a {@code {badrpc, Reason}} itself (rpc cannot tell these
 * apart). Also when the node's {@code rex} server died during the call ({@code {'EXIT', Reason}}).
 */
public final class BadRpcException extends RpcException {
  private static final long serialVersionUID = 1L;

  public BadRpcException(Atom node, Term reason) {
    super(node, reason, "rpc to " + node + " failed: {badrpc, " + reason + "}");
  }
}
