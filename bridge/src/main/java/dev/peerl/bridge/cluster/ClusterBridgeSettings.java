package dev.peerl.bridge.cluster;

import com.typesafe.config.Config;
import dev.peerl.codec.Atom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The cluster bridge's settings, {@code peerl.bridge.cluster} in the configuration (see the
 * bridge's {@code reference.conf}).
 *
 * @param erlangNodes the Erlang nodes to keep connected, {@code name@host}
 * @param discoveryHosts hosts whose EPMD is asked for its nodes ({@code NAMES}) every {@code
 *     discoveryInterval}; each node found is kept connected as long as that EPMD lists it
 * @param discoveryInterval how often the hosts are asked
 * @param discoveryPattern the node names (without host) discovery keeps; others are ignored
 * @param minBackoff the first wait before connecting again to a node that went down or refused
 * @param maxBackoff the longest wait between attempts
 * @param randomFactor the share of each wait added at random, so that JVMs do not dial in step
 */
public record ClusterBridgeSettings(
    List<Atom> erlangNodes,
    List<String> discoveryHosts,
    Duration discoveryInterval,
    Pattern discoveryPattern,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor) {
  public ClusterBridgeSettings {
    erlangNodes = List.copyOf(erlangNodes);
    discoveryHosts = List.copyOf(discoveryHosts);
    Objects.requireNonNull(discoveryPattern, "discoveryPattern");
    for (Atom node : erlangNodes) {
      String name = node.name();
      int at = name.indexOf('@');
      if (at <= 0 || at == name.length() - 1) {
        throw new IllegalArgumentException(
            "peerl.bridge.cluster.erlang-nodes: not a node name of the form name@host: " + name);
      }
    }
    requirePositive("discovery.interval", discoveryInterval);
    requirePositive("reconnect.min-backoff", minBackoff);
    requirePositive("reconnect.max-backoff", maxBackoff);
    if (minBackoff.toMillis() < 1) {
      throw new IllegalArgumentException(
          "peerl.bridge.cluster.reconnect.min-backoff must be at least 1ms: " + minBackoff);
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "peerl.bridge.cluster.reconnect.max-backoff is below min-backoff");
    }
    if (!(randomFactor >= 0 && randomFactor <= 1)) {
      throw new IllegalArgumentException(
          "peerl.bridge.cluster.reconnect.random-factor must be in 0..1: " + randomFactor);
    }
  }

  /** Reads {@code peerl.bridge.cluster} from {@code config} (the whole configuration). */
  public static ClusterBridgeSettings create(Config config) {
    Config cluster = config.getConfig("peerl.bridge.cluster");
    String pattern = cluster.getString("discovery.node-pattern");
    Pattern compiled;
    try {
      compiled = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "peerl.bridge.cluster.discovery.node-pattern is not a regular expression: " + pattern, e);
    }
    return new ClusterBridgeSettings(
        cluster.getStringList("erlang-nodes").stream().map(Atom::of).toList(),
        cluster.getStringList("discovery.hosts"),
        cluster.getDuration("discovery.interval"),
        compiled,
        cluster.getDuration("reconnect.min-backoff"),
        cluster.getDuration("reconnect.max-backoff"),
        cluster.getDouble("reconnect.random-factor"));
  }

  /**
   * The wait before attempt {@code attempt} (0 for the first retry): {@code min-backoff} doubled
   * per attempt up to {@code max-backoff}, plus up to {@code random-factor} of it at random ({@code
   * random} in 0..1).
   */
  public Duration backoff(int attempt, double random) {
    long min = minBackoff.toMillis();
    long max = maxBackoff.toMillis();
    long base = Math.min(max, min << Math.min(Math.max(attempt, 0), 30));
    return Duration.ofMillis(base + (long) (base * randomFactor * random));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "peerl.bridge.cluster." + name + " must be positive: " + value);
    }
  }
}
