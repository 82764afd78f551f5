package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;

/**
 * This node already has as many rpc calls under way as it may ({@code
 * peerl.bridge.max-pending-calls}, the limit gen_server calls have too): the call fails at once,
 * nothing is sent, and its reason is {@code system_limit}, Erlang's name for a resource limit.
 * Calls that complete make room.
 */
public final class RpcTooManyCallsException extends RpcException {
  private static final long serialVersionUID = 1L;

  private static final Atom SYSTEM_LIMIT = Atom.of("system_limit");

  private final int limit;

  /**
   * @param node the node that was called
   * @param limit the most calls that may be under way at once
   */
  public RpcTooManyCallsException(Atom node, int limit) {
    super(
        node,
        SYSTEM_LIMIT,
        "rpc to " + node + " refused: " + limit + " calls are under way, the limit");
    this.limit = limit;
  }

  /** The most calls that may be under way at once. */
  public int limit() {
    return limit;
  }
}
