package dev.peerl.samples.bench.dist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.peerl.codec.Atom;
import dev.peerl.runtime.node.ConnectionStats;
import dev.peerl.runtime.node.ErlangNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Starting the benchmark's own Peerl nodes (the receiver is the demo node, started as a jar). */
final class PeerlNodes {
  private PeerlNodes() {}

  /**
   * Starts a node named {@code name} with {@code cookie} and the given {@code peerl.*} settings,
   * using the EPMD that the benchmark's erl nodes already run; returns once it can be reached.
   */
  static ErlangNode start(String name, String cookie, Map<String, Object> settings)
      throws Exception {
    Config config =
        ConfigFactory.empty()
            .withValue("peerl.node-name", ConfigValueFactory.fromAnyRef(name))
            .withValue("peerl.cookie", ConfigValueFactory.fromAnyRef(cookie));
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      config =
          config.withValue(
              "peerl." + setting.getKey(), ConfigValueFactory.fromAnyRef(setting.getValue()));
    }
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "bench", config.withFallback(ConfigFactory.load()));
    ErlangNode node = ErlangNode.get(system);
    node.started().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    return node;
  }

  /** Sends dropped so far on the connection to {@code peer} (0 before there is one). */
  static long dropped(ErlangNode node, Atom peer) {
    return node.connectionStats(peer).map(ConnectionStats::dropped).orElse(0L);
  }
}
