package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A Peerl node in an {@link ActorTestKit}, for interop tests. */
final class JavaNode implements AutoCloseable {
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  final ActorTestKit testKit;
  final ErlangNode node;

  private JavaNode(ActorTestKit testKit) throws Exception {
    this.testKit = testKit;
    this.node = ErlangNode.get(testKit.system());
    node.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * A node named {@code peerl_<n>@host} (host: the erl test node's), with the cookie and extra
   * settings, registered with the machine's epmd.
   */
  static JavaNode start(String host, String cookie, String extraConfig) throws Exception {
    String name = "peerl_" + NAMES.incrementAndGet() + "@" + host;
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
    // An actor system's name takes letters, digits, '-' and '_' only (a long name's host has dots).
    return new JavaNode(ActorTestKit.create(name.replaceAll("[^A-Za-z0-9_]", "-"), config));
  }

  static String hostOf(String nodeName) {
    return nodeName.substring(nodeName.indexOf('@') + 1);
  }

  Atom name() {
    return node.nodeName();
  }

  /** A process registered as {@code name} that answers {@code {From, Msg}} with {@code Msg}. */
  ProcessRef echo(String name) {
    return node.spawn(
        name,
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      if (m.body() instanceof Tuple t
                          && t.arity() == 2
                          && t.get(0) instanceof Pid from) {
                        ctx.send(from, t.get(1));
                      }
                      return Behaviors.same();
                    })
                .build());
  }

  /**
   * Asserts that {@code erl} reaches this node's {@link #echo} process {@code echo} over a fresh
   * connection: it drops its connection to this node first, so that a node that only keeps old
   * connections alive does not pass.
   */
  void assertServes(ErlangTestNode erl) {
    erl.eval("erlang:disconnect_node(Java)", Map.of("Java", name()));
    assertEchoes(erl);
  }

  /**
   * Asserts that {@code erl} gets an answer from this node's {@link #echo} process {@code echo}.
   */
  void assertEchoes(ErlangTestNode erl) {
    assertEquals(
        Atom.of("pong"),
        erl.eval(
            "{echo, Java} ! {self(), pong}, receive R -> R after 5000 -> timeout end",
            Map.of("Java", name())));
  }

  /** Asserts that {@code erl} stops listing this node as connected within about 10 seconds. */
  void assertGoneFrom(ErlangTestNode erl) {
    assertEquals(
        Atom.of("gone"),
        erl.eval(
            "(fun W(0) -> still_connected;"
                + "   W(N) -> case lists:member(J, nodes(hidden)) of"
                + "             true -> timer:sleep(10), W(N - 1);"
                + "             false -> gone end end)(1000)",
            Map.of("J", name())));
  }

  /**
   * The flags chosen for the connection with {@code peer}, once it is up on this side (a peer's
   * {@code net_kernel:connect_node} can return before this side has finished its handshake).
   */
  long chosenFlags(String peer) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      Connection connection = node.registry().get(peer);
      if (connection != null && connection.result() != null) {
        return connection.result().chosenFlags();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no connection with " + peer + " up within " + DEADLINE);
      }
      Thread.sleep(5);
    }
  }

  static Term seq(long i) {
    return Tuple.of(Atom.of("seq"), dev.peerl.codec.Int.of(i));
  }

  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** Waits until the node holds {@code expected} processes (stopped ones leave the table). */
  void awaitProcessCount(int expected) {
    testKit
        .createTestProbe()
        .awaitAssert(
            DEADLINE,
            () -> {
              assertEquals(expected, node.processCount());
              return null;
            });
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
