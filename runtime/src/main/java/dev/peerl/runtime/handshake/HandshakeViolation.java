package dev.peerl.runtime.handshake;

/**
 * A peer broke the handshake protocol: a malformed or unexpected message, a wrong name or digest.
 * Internal to the stage, which turns it into a {@link HandshakeException} naming the peer and the
 * step.
 */
final class HandshakeViolation extends Exception {
  private static final long serialVersionUID = 1L;

  HandshakeViolation(String reason) {
    super(reason);
  }
}
