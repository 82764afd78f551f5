package dev.peerl.epmd;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code peerl.epmd} settings, read once from HOCON (see the module's {@code reference.conf}).
 *
 * @param port the EPMD port; 0 only makes sense for the embedded server (a free port)
 * @param host the EPMD the client registers with
 * @param bindAddress the address the embedded server binds
 * @param embedded when the node starts the embedded server
 * @param requestTimeout limit on every client request, connect included
 * @param probeTimeout limit on the "is an EPMD running?" probe
 * @param maxResponseSize largest answer the client buffers
 * @param reregisterMinBackoff first wait before registering again after a lost registration
 * @param reregisterMaxBackoff longest wait between attempts
 * @param requestIdleTimeout time a server connection has to deliver a complete request
 * @param maxRequestSize largest request the server accepts, length prefix excluded
 * @param enableKill whether the server obeys KILL_REQ and STOP_REQ
 */
public record EpmdSettings(
    int port,
    String host,
    String bindAddress,
    Embedded embedded,
    Duration requestTimeout,
    Duration probeTimeout,
    int maxResponseSize,
    Duration reregisterMinBackoff,
    Duration reregisterMaxBackoff,
    Duration requestIdleTimeout,
    int maxRequestSize,
    boolean enableKill) {

  public static final int DEFAULT_PORT = 4369;

  /** Binds every interface, as OTP's epmd does without {@code -address}. */
  public static final String ALL_INTERFACES = "0.0.0.0";

  private static final String AUTO = "auto";

  /** When the node starts the embedded EPMD server. */
  public enum Embedded {
    /** When no EPMD answers on the port at node start. */
    ON_DEMAND,
    /** Always: node start fails when the port is taken. */
    ALWAYS,
    /** Never: the node needs a running epmd. */
    NEVER
  }

  public EpmdSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(embedded, "embedded");
    requirePositive("request-timeout", requestTimeout);
    requirePositive("probe-timeout", probeTimeout);
    requirePositive("reregister-min-backoff", reregisterMinBackoff);
    requirePositive("reregister-max-backoff", reregisterMaxBackoff);
    requirePositive("request-idle-timeout", requestIdleTimeout);
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("peerl.epmd.port out of range: " + port);
    }
    // The smallest useful request is one byte (NAMES_REQ); the 16-bit prefix caps the largest.
    if (maxRequestSize < 1 || maxRequestSize > 0xFFFF) {
      throw new IllegalArgumentException("peerl.epmd.max-request-size not in 1..65535");
    }
    if (maxResponseSize < 64) {
      throw new IllegalArgumentException("peerl.epmd.max-response-size below 64 bytes");
    }
  }

  /** The settings of this actor system's configuration and the process environment. */
  public static EpmdSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /** The settings under {@code peerl.epmd} of {@code config}, with the process environment. */
  public static EpmdSettings create(Config config) {
    return fromConfig(config.getConfig("peerl.epmd"), System.getenv());
  }

  /**
   * The settings of a {@code peerl.epmd} block, with {@code env} standing in for the process
   * environment ({@code ERL_EPMD_PORT}, {@code ERL_EPMD_ADDRESS}).
   */
  public static EpmdSettings fromConfig(Config epmd, Map<String, String> env) {
    return new EpmdSettings(
        port(epmd.getString("port"), env.get("ERL_EPMD_PORT")),
        epmd.getString("host"),
        bindAddress(epmd.getString("address"), env.get("ERL_EPMD_ADDRESS")),
        Embedded.valueOf(epmd.getString("embedded").toUpperCase(Locale.ROOT).replace('-', '_')),
        epmd.getDuration("request-timeout"),
        epmd.getDuration("probe-timeout"),
        Math.toIntExact(epmd.getBytes("max-response-size")),
        epmd.getDuration("reregister-min-backoff"),
        epmd.getDuration("reregister-max-backoff"),
        epmd.getDuration("request-idle-timeout"),
        Math.toIntExact(epmd.getBytes("max-request-size")),
        epmd.getBoolean("enable-kill"));
  }

  public EpmdSettings withPort(int newPort) {
    return new EpmdSettings(
        newPort,
        host,
        bindAddress,
        embedded,
        requestTimeout,
        probeTimeout,
        maxResponseSize,
        reregisterMinBackoff,
        reregisterMaxBackoff,
        requestIdleTimeout,
        maxRequestSize,
        enableKill);
  }

  public EpmdSettings withBindAddress(String newBindAddress) {
    return new EpmdSettings(
        port,
        host,
        newBindAddress,
        embedded,
        requestTimeout,
        probeTimeout,
        maxResponseSize,
        reregisterMinBackoff,
        reregisterMaxBackoff,
        requestIdleTimeout,
        maxRequestSize,
        enableKill);
  }

  public EpmdSettings withRequestIdleTimeout(Duration newTimeout) {
    return new EpmdSettings(
        port,
        host,
        bindAddress,
        embedded,
        requestTimeout,
        probeTimeout,
        maxResponseSize,
        reregisterMinBackoff,
        reregisterMaxBackoff,
        newTimeout,
        maxRequestSize,
        enableKill);
  }

  public EpmdSettings withEnableKill(boolean newEnableKill) {
    return new EpmdSettings(
        port,
        host,
        bindAddress,
        embedded,
        requestTimeout,
        probeTimeout,
        maxResponseSize,
        reregisterMinBackoff,
        reregisterMaxBackoff,
        requestIdleTimeout,
        maxRequestSize,
        newEnableKill);
  }

  private static int port(String configured, String fromEnv) {
    String chosen = !AUTO.equals(configured) ? configured : fromEnv;
    if (chosen == null || chosen.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(chosen.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "EPMD port is not a number: '"
              + chosen
              + "' (from "
              + (AUTO.equals(configured) ? "ERL_EPMD_PORT" : "peerl.epmd.port")
              + ")",
          e);
    }
  }

  // OTP's epmd takes a comma-separated list (and always adds loopback); one bound address is
  // enough for an embedded server, so the first one wins.
  private static String bindAddress(String configured, String fromEnv) {
    String chosen = !AUTO.equals(configured) ? configured : fromEnv;
    if (chosen == null || chosen.isBlank()) {
      return ALL_INTERFACES;
    }
    return chosen.split(",", -1)[0].trim();
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("peerl.epmd." + name + " must be positive: " + value);
    }
  }
}
