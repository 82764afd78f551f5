package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;

/**
 * The node could not be reached, or its connection went down before the answer came: {@code
 * {badrpc, nodedown}}. The function may or may not have run.
 */
public final class RpcNodeDownException extends RpcException {
  private static final long serialVersionUID = 1L;

  public RpcNodeDownException(Atom node) {
    super(node, Atom.of("nodedown"), "rpc to " + node + " failed: the node is down");
  }
}
