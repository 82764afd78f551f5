package dev.peerl.samples.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Sample 5's command line: {@code --name NAME[@HOST] --cookie COOKIE --port PORT --seed SEED_PORT
 * --erlang NODE[,NODE...]}: the Java node's name and cookie, the Pekko Cluster port of this JVM on
 * 127.0.0.1, the port of the seed member (this JVM's own port for the first one), and the Erlang
 * nodes to keep connected.
 */
public record ClusterOptions(
    String name, String cookie, int port, int seedPort, List<String> erlangNodes) {
  public static final String USAGE =
      "usage: --name NAME[@HOST] --cookie COOKIE --port PORT --seed SEED_PORT"
          + " --erlang NODE[,NODE...]";

  /** The actor system's name: every member of a Pekko Cluster has the same. */
  public static final String SYSTEM = "peerl-cluster";

  public ClusterOptions {
    erlangNodes = List.copyOf(erlangNodes);
  }

  /**
   * Reads the options.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static ClusterOptions parse(String... args) {
    String name = null;
    String cookie = null;
    Integer port = null;
    Integer seed = null;
    List<String> erlang = List.of();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--name" -> name = value;
        case "--cookie" -> cookie = value;
        case "--port" -> port = port(option, value);
        case "--seed" -> seed = port(option, value);
        case "--erlang" -> erlang = Arrays.stream(value.split(",")).map(String::strip).toList();
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("--name is required");
    }
    if (cookie == null || cookie.isEmpty()) {
      throw new IllegalArgumentException("--cookie is required");
    }
    if (port == null || seed == null) {
      throw new IllegalArgumentException("--port and --seed are required");
    }
    return new ClusterOptions(name, cookie, port, seed, erlang);
  }

  /**
   * The member's settings: {@code cluster-sample.conf} (the cluster provider, fast failure
   * detection, the split brain resolver) with this member's node, ports and Erlang nodes. Put it
   * before the application's configuration.
   */
  public Config config() {
    return ConfigFactory.empty()
        .withValue("peerl.node-name", ConfigValueFactory.fromAnyRef(name))
        .withValue("peerl.cookie", ConfigValueFactory.fromAnyRef(cookie))
        .withValue("peerl.epmd.embedded", ConfigValueFactory.fromAnyRef("on-demand"))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
        .withValue(
            "pekko.cluster.seed-nodes",
            ConfigValueFactory.fromIterable(
                List.of("pekko://" + SYSTEM + "@127.0.0.1:" + seedPort)))
        .withValue(
            "peerl.bridge.cluster.erlang-nodes", ConfigValueFactory.fromIterable(erlangNodes))
        .withFallback(ConfigFactory.parseResources("cluster-sample.conf"));
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(option + " must be 1..65535: " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " is not a number: " + value, e);
    }
  }
}
