package dev.peerl.runtime.handshake;

/**
 * What a successful handshake established.
 *
 * @param peerNode the peer's full node name
 * @param peerFlags the flags the peer offered, MANDATORY_25_DIGEST expanded
 * @param chosenFlags the flags both sides use on this connection: ours and the peer's
 * @param peerCreation the peer's creation, the incarnation its pids and references carry
 */
public record HandshakeResult(String peerNode, long peerFlags, long chosenFlags, int peerCreation) {

  /** Whether the connection has {@code flag} (a {@link DistFlags} constant). */
  public boolean has(long flag) {
    return (chosenFlags & flag) == flag;
  }

  @Override
  public String toString() {
    return "HandshakeResult[peerNode="
        + peerNode
        + ", peerFlags="
        + DistFlags.toString(peerFlags)
        + ", chosenFlags="
        + DistFlags.toString(chosenFlags)
        + ", peerCreation="
        + Integer.toUnsignedString(peerCreation)
        + "]";
  }
}
