package dev.peerl.runtime;

import com.typesafe.config.Config;
import dev.peerl.runtime.connection.DistributionSettings;
import dev.peerl.runtime.connection.TlsSettings;
import java.util.Optional;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * Peerl's settings, read once from the {@code peerl} section of the configuration.
 *
 * @param nodeName this node's {@code name@host}, or a bare {@code name}, if configured
 * @param longNames whether a bare name gets the fully qualified host name ({@code erl -name})
 *     rather than the short one ({@code erl -sname}): {@code peerl.name-type = long}
 * @param cookie the magic cookie, if configured (else the node reads {@code ~/.erlang.cookie})
 * @param listenAddress the address the node accepts distribution connections on
 * @param listenPort the port it accepts them on (0: any free port, published through EPMD)
 * @param distribution the connection settings
 * @param tls whether and how distribution connections run inside TLS
 */
public record PeerlSettings(
    Optional<String> nodeName,
    boolean longNames,
    Optional<String> cookie,
    String listenAddress,
    int listenPort,
    DistributionSettings distribution,
    TlsSettings tls) {

  /**
   * @throws IllegalArgumentException if the listen port is not a TCP port
   */
  public PeerlSettings {
    if (listenPort < 0 || listenPort > 0xFFFF) {
      throw new IllegalArgumentException("peerl.listen.port out of range: " + listenPort);
    }
  }

  /** Reads the settings from an actor system's configuration. */
  public static PeerlSettings create(ClassicActorSystemProvider system) {
    return create(system.classicSystem().settings().config());
  }

  /** Reads the {@code peerl} section of {@code config}. */
  public static PeerlSettings create(Config config) {
    return new PeerlSettings(
        nonEmpty(config.getString("peerl.node-name")),
        longNames(config.getString("peerl.name-type")),
        nonEmpty(config.getString("peerl.cookie")),
        config.getString("peerl.listen.address"),
        config.getInt("peerl.listen.port"),
        DistributionSettings.create(config),
        TlsSettings.create(config));
  }

  private static boolean longNames(String nameType) {
    return switch (nameType) {
      case "short" -> false;
      case "long" -> true;
      default ->
          throw new IllegalArgumentException(
              "peerl.name-type must be short or long, not " + nameType);
    };
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Leaves the cookie out: it is a secret and settings end up in logs. */
  @Override
  public String toString() {
    return "PeerlSettings[nodeName="
        + nodeName
        + (longNames ? ", long names" : ", short names")
        + ", cookie="
        + cookie.map(c -> "<hidden>")
        + ", listen="
        + listenAddress
        + ":"
        + listenPort
        + ", distribution="
        + distribution
        + ", tls="
        + tls
        + "]";
  }
}
