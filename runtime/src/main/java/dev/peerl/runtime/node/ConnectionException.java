package dev.peerl.runtime.node;

/**
 * Why a distribution connection ended other than by a clean close: malformed input (a frame, a term
 * or a control message), a silent peer (net_ticktime), an unknown node, or a failure to connect. It
 * ends that connection only.
 */
public final class ConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String peer;
  private final String reason;
  private final boolean tickTimeout;

  public ConnectionException(String peer, String reason) {
    this(peer, reason, null);
  }

  public ConnectionException(String peer, String reason, Throwable cause) {
    this(peer, reason, cause, false);
  }

  private ConnectionException(String peer, String reason, Throwable cause, boolean tickTimeout) {
    super("connection to " + peer + ": " + reason, cause);
    this.peer = peer;
    this.reason = reason;
    this.tickTimeout = tickTimeout;
  }

  /** The peer sent nothing, not even a tick, for net_ticktime. */
  static ConnectionException tickTimeout(String peer, String reason) {
    return new ConnectionException(peer, reason, null, true);
  }

  /** Whether the peer was silent for net_ticktime (OTP's {@code net_tick_timeout}). */
  public boolean isTickTimeout() {
    return tickTimeout;
  }

  /** The peer's node name. */
  public String peer() {
    return peer;
  }

  public String reason() {
    return reason;
  }
}
