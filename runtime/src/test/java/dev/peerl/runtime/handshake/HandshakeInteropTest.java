package dev.peerl.runtime.handshake;

import static dev.peerl.runtime.handshake.StageUnderTest.await;
import static dev.peerl.runtime.handshake.StageUnderTest.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handshake against a real erl node, in both directions. */
class HandshakeInteropTest {
  private static final String COOKIE = "peerl_handshake_cookie";
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  /** A short ticktime makes erl tick every second, so a test sees ticks without waiting long. */
  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder().cookie(COOKIE).args("-kernel", "net_ticktime", "4"));

  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("HandshakeInteropTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static String erlNode() {
    return erlang.node().nodeName();
  }

  /** The host part of erl's -sname: our names must use it too. */
  private static String host() {
    return erlNode().substring(erlNode().indexOf('@') + 1);
  }

  private static String uniqueAlive(String prefix) {
    return prefix + NAMES.incrementAndGet();
  }

  private static HandshakeSettings ours(String node, int creation, String cookie) {
    return new HandshakeSettings(
        node, creation, cookie, DistFlags.offered(true), Duration.ofSeconds(7));
  }

  /** The upper side of a connection that does nothing but answer ticks, counting them. */
  private static Flow<ByteString, ByteString, UniqueKillSwitch> tickAnswerer(AtomicInteger ticks) {
    return Flow.of(ByteString.class)
        .filter(DistFraming::isTick)
        .map(
            tick -> {
              ticks.incrementAndGet();
              return tick;
            })
        .viaMat(KillSwitches.single(), Keep.right());
  }

  private static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      stack(
          BidiFlow<ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
              handshake) {
    return DistFraming.bidi(1 << 20).atop(handshake, Keep.right());
  }

  private static int erlPort() {
    String alive = erlNode().substring(0, erlNode().indexOf('@'));
    Term port =
        erlang.eval(
            "{port, Port, _} = erl_epmd:port_please(\"" + alive + "\", \"localhost\"), Port");
    return (int) ((Int) port).value();
  }

  private static boolean erlSeesHidden(String node) {
    return erlang.eval("lists:member('" + node + "', nodes(hidden))").equals(Atom.TRUE);
  }

  private static void awaitCondition(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not true within " + DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
  }

  /** Dials erl; returns the kill switch of the connection and the handshake's result. */
  private static Pair<UniqueKillSwitch, CompletionStage<HandshakeResult>> dialErl(
      HandshakeSettings settings, AtomicInteger ticks) {
    return tickAnswerer(ticks)
        .joinMat(stack(Handshake.initiator(settings, erlNode())), Keep.both())
        .join(Tcp.get(system).outgoingConnection("127.0.0.1", erlPort()))
        .run(system);
  }

  @Test
  void javaDialsErlAndErlListsItAsAHiddenNodeThatAnswersTicks() {
    String ourNode = uniqueAlive("peerl_x") + "@" + host();
    AtomicInteger ticks = new AtomicInteger();
    var connection = dialErl(ours(ourNode, 1, COOKIE), ticks);
    try {
      HandshakeResult result = await(connection.second());
      assertEquals(erlNode(), result.peerNode());
      assertTrue(
          result.has(
              DistFlags.MANDATORY_OTP25
                  | DistFlags.DFLAG_UNLINK_ID
                  | DistFlags.DFLAG_V4_NC
                  | DistFlags.DFLAG_ALIAS),
          result.toString());
      assertEquals(0, result.chosenFlags() & DistFlags.DFLAG_PUBLISHED);

      awaitCondition("erl lists " + ourNode + " in nodes(hidden)", () -> erlSeesHidden(ourNode));
      awaitCondition("two ticks from erl", () -> ticks.get() >= 2);
      assertTrue(erlSeesHidden(ourNode), "erl dropped us although we answered its ticks");
    } finally {
      connection.first().shutdown();
    }
    awaitCondition("erl notices we left", () -> !erlSeesHidden(ourNode));
  }

  @Test
  void javaDialingErlWithAWrongCookieFailsAndErlRefusesIt() {
    String ourNode = uniqueAlive("peerl_x") + "@" + host();
    var connection = dialErl(ours(ourNode, 1, "not_the_cookie"), new AtomicInteger());
    HandshakeException error = awaitFailure(connection.second());
    assertEquals(Step.CHALLENGE_ACK, error.step());
    assertEquals(erlNode(), error.peer());
    awaitCondition(
        "erl logs the refusal of " + ourNode,
        () ->
            erlang
                .node()
                .recentOutput()
                .contains("Connection attempt from node " + ourNode + " rejected"));
    assertFalse(erlSeesHidden(ourNode));
  }

  /** Listens on a free port, registered with epmd under our name, until closed. */
  private static final class Listener implements AutoCloseable {
    final CompletableFuture<HandshakeResult> result = new CompletableFuture<>();
    final AtomicInteger ticks = new AtomicInteger();
    private final Tcp.ServerBinding binding;
    private final EpmdTestRegistration registration;

    Listener(String alive, String cookie) throws Exception {
      String node = alive + "@" + host();
      AtomicInteger creation = new AtomicInteger();
      binding =
          await(
              Tcp.get(system)
                  .bind("127.0.0.1", 0)
                  .to(
                      Sink.foreach(
                          connection -> {
                            HandshakeSettings settings = ours(node, creation.get(), cookie);
                            var handshake =
                                Handshake.acceptor(
                                    settings,
                                    StatusDecision.ALWAYS_OK,
                                    connection.remoteAddress().toString());
                            CompletionStage<HandshakeResult> accepted =
                                connection.handleWith(
                                    tickAnswerer(ticks).joinMat(stack(handshake), Keep.right()),
                                    system);
                            accepted.whenComplete(
                                (value, error) -> {
                                  if (error != null) {
                                    result.completeExceptionally(error);
                                  } else {
                                    result.complete(value);
                                  }
                                });
                          }))
                  .run(system));
      registration = EpmdTestRegistration.register(alive, binding.localAddress().getPort());
      creation.set(registration.creation());
    }

    @Override
    public void close() throws java.io.IOException {
      registration.close();
      await(binding.unbind());
    }
  }

  @Test
  void erlDialsJavaAndBothSeeTheConnection() throws Exception {
    String alive = uniqueAlive("peerl_y");
    String ourNode = alive + "@" + host();
    try (Listener listener = new Listener(alive, COOKIE)) {
      assertEquals(Atom.TRUE, erlang.eval("net_kernel:connect_node('" + ourNode + "')"));

      HandshakeResult result = await(listener.result);
      assertEquals(erlNode(), result.peerNode());
      assertTrue(result.has(DistFlags.MANDATORY_OTP25 | DistFlags.DFLAG_SPAWN), result.toString());
      assertEquals(DistFlags.DFLAG_PUBLISHED, result.peerFlags() & DistFlags.DFLAG_PUBLISHED);
      assertEquals(0, result.chosenFlags() & DistFlags.DFLAG_PUBLISHED);
      assertTrue(erlSeesHidden(ourNode));
      awaitCondition("a tick from erl", () -> listener.ticks.get() >= 1);
    }
  }

  @Test
  void erlDialingJavaWithAWrongCookieGetsFalseAndJavaRefusesIt() throws Exception {
    String alive = uniqueAlive("peerl_y");
    String ourNode = alive + "@" + host();
    try (Listener listener = new Listener(alive, "not_the_cookie")) {
      assertEquals(Atom.FALSE, erlang.eval("net_kernel:connect_node('" + ourNode + "')"));

      HandshakeException error = awaitFailure(listener.result);
      assertEquals(Step.CHALLENGE_REPLY, error.step());
      assertEquals(erlNode(), error.peer());
      assertTrue(error.reason().contains("cookies differ"), error.reason());
    }
  }
}
