package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import java.time.Duration;

/**
 * No answer within the call's timeout: {@code {badrpc, timeout}}. The function may still run; a
 * late answer is dropped.
 */
public final class RpcTimeoutException extends RpcException {
  private static final long serialVersionUID = 1L;

  public RpcTimeoutException(Atom node, Duration timeout) {
    super(node, Atom.of("timeout"), "rpc to " + node + " got no answer within " + timeout);
  }
}
