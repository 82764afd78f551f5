package dev.peerl.runtime.handshake;

import java.util.Optional;

/** The rules a node name on the wire follows: {@code name@host}, an atom of Latin-1 bytes. */
public final class NodeNames {
  /** A node name is an atom, and OTP reads the handshake's name bytes as Latin-1 characters. */
  static final int MAX_LENGTH = 255;

  private NodeNames() {}

  /**
   * Throws unless {@code name} can be sent as a node name.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static void check(String name) {
    problem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  /** Why {@code name} is not a node name, if it is not. */
  public static Optional<String> problem(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0xFF) {
        return Optional.of("node name " + name + " is not Latin-1");
      }
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          "node name of " + name.length() + " characters is longer than " + MAX_LENGTH);
    }
    int at = name.indexOf('@');
    if (at <= 0 || at == name.length() - 1) {
      return Optional.of("'" + name + "' is not a node name (name@host)");
    }
    return Optional.empty();
  }
}
