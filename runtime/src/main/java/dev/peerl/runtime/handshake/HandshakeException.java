package dev.peerl.runtime.handshake;

/**
 * A distribution handshake failed: the peer refused us or we refused it, a message was malformed, a
 * digest was wrong (the cookies differ), a step timed out or the connection closed early. The
 * connection it belongs to is closed; nothing else is affected.
 */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The name used for a peer that has not said its name yet. */
  public static final String UNKNOWN_PEER = "unknown peer";

  /** The handshake message being waited for, or handled, when it failed. */
  public enum Step {
    /** send_name ({@code 'N'} or {@code 'n'}), initiator to acceptor. */
    SEND_NAME,
    /** status ({@code 's'}), acceptor to initiator. */
    STATUS,
    /** The initiator's {@code true}/{@code false} after an {@code alive} status. */
    ALIVE_ANSWER,
    /** challenge ({@code 'N'}), acceptor to initiator. */
    CHALLENGE,
    /** complement ({@code 'c'}), initiator to acceptor, after a v5 send_name only. */
    COMPLEMENT,
    /** challenge_reply ({@code 'r'}), initiator to acceptor. */
    CHALLENGE_REPLY,
    /** challenge_ack ({@code 'a'}), acceptor to initiator. */
    CHALLENGE_ACK
  }

  private final String peer;
  private final Step step;
  private final String reason;

  public HandshakeException(String peer, Step step, String reason) {
    this(peer, step, reason, null);
  }

  public HandshakeException(String peer, Step step, String reason, Throwable cause) {
    super("handshake with " + peer + " failed at " + step + ": " + reason, cause);
    this.peer = peer;
    this.step = step;
    this.reason = reason;
  }

  /** The peer's node name, or where it connected from if it had not said its name. */
  public String peer() {
    return peer;
  }

  public Step step() {
    return step;
  }

  public String reason() {
    return reason;
  }

  /**
   * Whether the handshake ended on status {@code nok}, sent or received: what the losing attempt of
   * a simultaneous connect gets, a normal outcome rather than a fault.
   */
  public boolean isNok() {
    return (step == Step.STATUS && reason.equals(InitiatorHandshake.REFUSED + HandshakeStatus.NOK))
        || (step == Step.SEND_NAME
            && reason.equals(AcceptorHandshake.REFUSED + HandshakeStatus.NOK.wireName()));
  }
}
