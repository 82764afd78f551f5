package dev.peerl.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.bridge.Bridge;
import dev.peerl.runtime.node.ErlangNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Java node of a sample: an actor system with a started {@link Bridge}, named and with the
 * cookie given on the command line ({@code --name NAME[@HOST] --cookie COOKIE [--epmd-port PORT]},
 * as the demo node).
 */
public final class SampleNode implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final Bridge bridge;

  private SampleNode(ActorSystem<Void> system, Bridge bridge) {
    this.system = system;
    this.bridge = bridge;
  }

  /** Starts a node; returns once Erlang nodes can reach it. */
  public static SampleNode start(DemoOptions options) throws Exception {
    Config config = options.config();
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), "peerl-sample", config.withFallback(ConfigFactory.load()));
    Bridge bridge = Bridge.get(system);
    bridge
        .started()
        .toCompletableFuture()
        .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    return new SampleNode(system, bridge);
  }

  /**
   * A sample's {@code main}: starts the node, lets {@code setup} spawn the sample's processes,
   * prints {@code ready NODE} and runs until the JVM is stopped.
   */
  public static void run(String[] args, Consumer<SampleNode> setup) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: --name NAME[@HOST] --cookie COOKIE [--epmd-port PORT]");
      System.exit(2);
      return;
    }
    SampleNode sample = start(options);
    setup.accept(sample);
    System.out.println("ready " + sample.node().nodeName().name());
    System.out.flush();
    sample.system.getWhenTerminated().toCompletableFuture().join();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Bridge bridge() {
    return bridge;
  }

  public ErlangNode node() {
    return bridge.node();
  }

  /** Stops the node. */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
