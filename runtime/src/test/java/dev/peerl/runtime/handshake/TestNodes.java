package dev.peerl.runtime.handshake;

import java.time.Duration;

/** Two nodes for handshake tests: alice dials, bob accepts. */
final class TestNodes {
  static final String ALICE = "alice@localhost";
  static final String BOB = "bob@localhost";
  static final String COOKIE = "secret";
  static final int ALICE_CREATION = 0x11223344;
  static final int BOB_CREATION = 0x55667788;

  private TestNodes() {}

  static HandshakeSettings alice(String cookie) {
    return alice(cookie, Duration.ofSeconds(5));
  }

  static HandshakeSettings alice(String cookie, Duration setupTime) {
    return new HandshakeSettings(ALICE, ALICE_CREATION, cookie, DistFlags.PEERL_HIDDEN, setupTime);
  }

  static HandshakeSettings bob(String cookie) {
    return bob(cookie, Duration.ofSeconds(5));
  }

  static HandshakeSettings bob(String cookie, Duration setupTime) {
    return new HandshakeSettings(BOB, BOB_CREATION, cookie, DistFlags.PEERL_HIDDEN, setupTime);
  }
}
