package dev.peerl.bridge.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.runtime.node.ErlangNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * One "JVM" of a Pekko Cluster for the cluster bridge's tests: an actor system named {@code
 * peerl-cluster} on loopback (a free port), with its own Erlang node {@code cluster_<n>@host} and
 * started {@link ClusterBridge}. Several of them in one test JVM form a real cluster over Artery.
 */
final class ClusterMember implements AutoCloseable {
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  /** How long the tests wait for anything from the other side. */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** Settings that make a test cluster converge in tenths of seconds instead of seconds. */
  static final String FAST_CLUSTER =
      """
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
      pekko.cluster {
        jmx.enabled = off
        gossip-interval = 200ms
        leader-actions-interval = 200ms
        unreachable-nodes-reaper-interval = 200ms
        typed.receptionist.distributed-data {
          gossip-interval = 200ms
          notify-subscribers-interval = 50ms
        }
      }
      pekko.coordinated-shutdown.exit-jvm = off
      """;

  private final ActorTestKit testKit;
  private final ClusterBridge bridge;

  private ClusterMember(ActorTestKit testKit) throws Exception {
    this.testKit = testKit;
    this.bridge = ClusterBridge.get(testKit.system());
    bridge.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * A member on {@code host} (the erl test nodes' host) with {@code cookie}, that keeps {@code
   * erlangNodes} connected, with {@code extraConfig} on top; not joined to any cluster yet.
   */
  static ClusterMember start(
      String host, String cookie, List<String> erlangNodes, String extraConfig) throws Exception {
    String name = "cluster_" + NAMES.incrementAndGet() + "@" + host;
    String nodes =
        erlangNodes.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "[", "]"));
    Config config =
        ConfigFactory.parseString(extraConfig)
            .withFallback(
                ConfigFactory.parseString(
                    "peerl { node-name = \""
                        + name
                        + "\", cookie = \""
                        + cookie
                        + "\", epmd.embedded = never, bridge.cluster.erlang-nodes = "
                        + nodes
                        + " }"))
            .withFallback(ConfigFactory.parseString(FAST_CLUSTER))
            .withFallback(ConfigFactory.load());
    return new ClusterMember(ActorTestKit.create("peerl-cluster", config));
  }

  /** Joins the cluster of {@code seed} (itself: a new cluster) and waits until it is up. */
  ClusterMember join(ClusterMember seed) {
    cluster().manager().tell(Join.create(seed.address()));
    testKit
        .createTestProbe()
        .awaitAssert(
            DEADLINE,
            () -> {
              if (cluster().selfMember().status() != MemberStatus.up()) {
                throw new AssertionError(node().nodeName() + " is not up yet");
              }
              return null;
            });
    return this;
  }

  Cluster cluster() {
    return Cluster.get(testKit.system());
  }

  Address address() {
    return cluster().selfMember().address();
  }

  ActorTestKit testKit() {
    return testKit;
  }

  ActorSystem<Void> system() {
    return testKit.system();
  }

  ClusterBridge bridge() {
    return bridge;
  }

  ErlangNode node() {
    return bridge.node();
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
