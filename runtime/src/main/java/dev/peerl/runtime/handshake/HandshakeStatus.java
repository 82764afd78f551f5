package dev.peerl.runtime.handshake;

import java.util.Optional;

/**
 * The acceptor's answer to send_name, sent as {@code 's'} followed by the {@linkplain #wireName()
 * name}.
 */
public enum HandshakeStatus {
  /** Go on with the handshake. */
  OK("ok"),
  /** Go on; the acceptor also had a connection attempt of its own to the initiator, now dropped. */
  OK_SIMULTANEOUS("ok_simultaneous"),
  /** No: the acceptor's own simultaneous attempt wins. */
  NOK("nok"),
  /** No: the initiator is not allowed (for example it lacks mandatory flags). */
  NOT_ALLOWED("not_allowed"),
  /**
   * The acceptor already has a connection to the initiator's name; the initiator answers {@code
   * true} (go on, replacing it) or {@code false} (give up).
   */
  ALIVE("alive");

  private final String wireName;

  HandshakeStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The text after the {@code 's'} tag. */
  public String wireName() {
    return wireName;
  }

  /** Whether the handshake goes on after this status without a further question. */
  public boolean proceeds() {
    return this == OK || this == OK_SIMULTANEOUS;
  }

  /** The status with this text, if any. */
  public static Optional<HandshakeStatus> fromWireName(String text) {
    for (HandshakeStatus status : values()) {
      if (status.wireName.equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
