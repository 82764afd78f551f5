package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.DistributionSettings;
import java.time.Duration;

/**
 * What one side of a handshake needs to know about itself.
 *
 * @param localNode this node's full name, {@code name@host}
 * @param creation this node's creation, from its EPMD registration
 * @param cookie the magic cookie both nodes must share
 * @param offeredFlags the {@link DistFlags} this node offers
 * @param setupTime the time each step may take (erl's {@code net_setuptime})
 */
public record HandshakeSettings(
    String localNode, int creation, String cookie, long offeredFlags, Duration setupTime) {

  /**
   * @throws IllegalArgumentException if the name is not a node name, the flags lack one OTP 25
   *     requires, or the setup time is not positive
   */
  public HandshakeSettings {
    NodeNames.check(localNode);
    long missing = DistFlags.missingMandatory(offeredFlags);
    if (missing != 0) {
      throw new IllegalArgumentException(
          "the offered flags lack mandatory ones: " + DistFlags.toString(missing));
    }
    if (setupTime.isNegative() || setupTime.isZero()) {
      throw new IllegalArgumentException("setupTime must be positive, not " + setupTime);
    }
  }

  /** Settings for {@code localNode} with Peerl's flags and the configured setup time. */
  public static HandshakeSettings create(
      String localNode, int creation, String cookie, DistributionSettings distribution) {
    return new HandshakeSettings(
        localNode,
        creation,
        cookie,
        DistFlags.offered(
            distribution.hidden(), distribution.atomCache(), distribution.fragments()),
        distribution.netSetupTime());
  }

  /** Leaves the cookie out: it is a secret and settings end up in logs. */
  @Override
  public String toString() {
    return "HandshakeSettings[localNode="
        + localNode
        + ", creation="
        + Integer.toUnsignedString(creation)
        + ", offeredFlags="
        + DistFlags.toString(offeredFlags)
        + ", setupTime="
        + setupTime
        + "]";
  }
}
