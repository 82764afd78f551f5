package dev.peerl.bridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A Peerl node in an {@link ActorTestKit} for the bridge's interop tests: named {@code
 * bridge_<n>@host}, registered with the machine's epmd (the one the erl test nodes use).
 */
public final class BridgeTestNode implements AutoCloseable {
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  /** How long interop tests wait for anything from the other side. */
  public static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ActorTestKit testKit;
  private final ErlangNode node;

  private BridgeTestNode(ActorTestKit testKit) throws Exception {
    this.testKit = testKit;
    this.node = ErlangNode.get(testKit.system());
    node.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A node on {@code host} (the erl test node's host) with {@code cookie}. */
  public static BridgeTestNode start(String host, String cookie) throws Exception {
    return start(host, cookie, "");
  }

  /** As {@link #start(String, String)}, with extra HOCON settings on top. */
  public static BridgeTestNode start(String host, String cookie, String extraConfig)
      throws Exception {
    String name = "bridge_" + NAMES.incrementAndGet() + "@" + host;
    Config config =
        ConfigFactory.parseString(extraConfig)
            .withFallback(
                ConfigFactory.parseString(
                    "peerl { node-name = \""
                        + name
                        + "\", cookie = \""
                        + cookie
                        + "\", epmd.embedded = never }"))
            .withFallback(ConfigFactory.load());
    return new BridgeTestNode(ActorTestKit.create(name.replace('@', '-'), config));
  }

  /** The host part of a node name. */
  public static String hostOf(String nodeName) {
    return nodeName.substring(nodeName.indexOf('@') + 1);
  }

  /**
   * A process (for {@link ErlangNode#spawn}) that hands the body of every message it gets to {@code
   * probe}: a reply address for erl processes that the test reads from.
   */
  public static Function<ProcessContext, Behavior<ProcessMessage>> forwardingTo(
      TestProbe<Term> probe) {
    return ctx ->
        Behaviors.receive(ProcessMessage.class)
            .onMessage(
                ProcessMessage.Message.class,
                m -> {
                  probe.getRef().tell(m.body());
                  return Behaviors.same();
                })
            .build();
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  public ErlangNode node() {
    return node;
  }

  public Atom name() {
    return node.nodeName();
  }

  /** The node's {@link Bridge}, started. */
  public Bridge bridge() throws Exception {
    Bridge bridge = Bridge.get(testKit.system());
    bridge.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return bridge;
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
