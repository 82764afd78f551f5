package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;

/**
 * The node is up but runs no {@code rex} server (not an OTP node, or one whose kernel has not
 * started it). The reason is {@code noproc}.
 */
public final class RpcNoProcException extends RpcException {
  private static final long serialVersionUID = 1L;

  public RpcNoProcException(Atom node) {
    super(node, Atom.of("noproc"), "rpc to " + node + " failed: no rex server runs there");
  }
}
