package dev.peerl.runtime.handshake;

import static dev.peerl.runtime.handshake.StageUnderTest.await;
import static dev.peerl.runtime.handshake.StageUnderTest.awaitFailure;
import static dev.peerl.runtime.handshake.TestNodes.ALICE;
import static dev.peerl.runtime.handshake.TestNodes.ALICE_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.BOB;
import static dev.peerl.runtime.handshake.TestNodes.BOB_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.COOKIE;
import static dev.peerl.runtime.handshake.TestNodes.alice;
import static dev.peerl.runtime.handshake.TestNodes.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.handshake.HandshakeException.Step;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An initiator and an acceptor, both Peerl's, connected in memory. */
class HandshakeTest {
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("HandshakeTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  /** One side of an in-memory connection, seen from above. */
  private record Side(
      TestSubscriber.Probe<ByteString> reads,
      TestPublisher.Probe<ByteString> writes,
      CompletionStage<HandshakeResult> result) {
    static Side of(
        Pair<
                Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>,
                CompletionStage<HandshakeResult>>
            m) {
      return new Side(m.first().first(), m.first().second(), m.second());
    }
  }

  /** Connects an initiator and an acceptor to each other in memory. */
  private static Pair<Side, Side> connect(
      BidiFlow<ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
          initiator,
      BidiFlow<ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
          acceptor) {
    var initiatorNet = StageUnderTest.upper(system).joinMat(initiator, Keep.both());
    var acceptorNet = StageUnderTest.upper(system).joinMat(acceptor, Keep.both());
    var m = initiatorNet.joinMat(acceptorNet, Keep.both()).run(system);
    return Pair.create(Side.of(m.first()), Side.of(m.second()));
  }

  // ---- both sides in Java

  @Test
  void initiatorAndAcceptorConnectWithTheSameCookie() {
    Pair<Side, Side> sides =
        connect(Handshake.initiator(alice(COOKIE), BOB), Handshake.acceptor(bob(COOKIE)));

    HandshakeResult seenByAlice = await(sides.first().result());
    HandshakeResult seenByBob = await(sides.second().result());
    assertEquals(
        new HandshakeResult(BOB, DistFlags.PEERL_HIDDEN, DistFlags.PEERL_HIDDEN, BOB_CREATION),
        seenByAlice);
    assertEquals(
        new HandshakeResult(ALICE, DistFlags.PEERL_HIDDEN, DistFlags.PEERL_HIDDEN, ALICE_CREATION),
        seenByBob);
  }

  @Test
  void passesBytesThroughBothWaysOnceConnected() {
    Pair<Side, Side> sides =
        connect(Handshake.initiator(alice(COOKIE), BOB), Handshake.acceptor(bob(COOKIE)));
    await(sides.first().result());
    await(sides.second().result());

    sides.first().writes().sendNext(ByteString.fromString("to bob"));
    sides.second().reads().request(1);
    assertEquals(ByteString.fromString("to bob"), sides.second().reads().expectNext());
    sides.second().writes().sendNext(ByteString.fromString("to alice"));
    sides.first().reads().request(1);
    assertEquals(ByteString.fromString("to alice"), sides.first().reads().expectNext());
  }

  @Test
  void bothSidesFailWhenTheCookiesDiffer() {
    Pair<Side, Side> sides =
        connect(Handshake.initiator(alice("one"), BOB), Handshake.acceptor(bob("other")));

    HandshakeException atBob = awaitFailure(sides.second().result());
    assertEquals(Step.CHALLENGE_REPLY, atBob.step());
    assertEquals(ALICE, atBob.peer());
    assertTrue(atBob.reason().contains("cookies differ"), atBob.reason());

    HandshakeException atAlice = awaitFailure(sides.first().result());
    assertEquals(Step.CHALLENGE_ACK, atAlice.step());
    assertEquals(BOB, atAlice.peer());
  }

  @Test
  void connectsAfterAnAliveStatusWhenTheInitiatorGoesOn() {
    StatusDecision alive =
        (node, flags) -> CompletableFuture.completedFuture(HandshakeStatus.ALIVE);
    Pair<Side, Side> sides =
        connect(
            Handshake.initiator(alice(COOKIE), BOB, AliveDecision.ALWAYS_CONTINUE),
            Handshake.acceptor(bob(COOKIE), alive, "test"));
    assertEquals(BOB, await(sides.first().result()).peerNode());
    assertEquals(ALICE, await(sides.second().result()).peerNode());
  }

  @Test
  void bothSidesGiveUpAfterAnAliveStatusWhenTheInitiatorAnswersFalse() {
    StatusDecision alive =
        (node, flags) -> CompletableFuture.completedFuture(HandshakeStatus.ALIVE);
    Pair<Side, Side> sides =
        connect(
            Handshake.initiator(alice(COOKIE), BOB, AliveDecision.NEVER_CONTINUE),
            Handshake.acceptor(bob(COOKIE), alive, "test"));
    assertEquals(Step.STATUS, awaitFailure(sides.first().result()).step());
    HandshakeException atBob = awaitFailure(sides.second().result());
    assertEquals(Step.ALIVE_ANSWER, atBob.step());
    assertTrue(atBob.reason().contains("gave up"), atBob.reason());
  }

  @Test
  void connectsWhenTheAcceptorAnswersOkSimultaneous() {
    StatusDecision simultaneous =
        (node, flags) -> CompletableFuture.completedFuture(HandshakeStatus.OK_SIMULTANEOUS);
    Pair<Side, Side> sides =
        connect(
            Handshake.initiator(alice(COOKIE), BOB),
            Handshake.acceptor(bob(COOKIE), simultaneous, "test"));
    assertEquals(BOB, await(sides.first().result()).peerNode());
    assertEquals(ALICE, await(sides.second().result()).peerNode());
  }

  @Test
  void initiatorFailsWhenTheAcceptorAnswersNok() {
    StatusDecision nok = (node, flags) -> CompletableFuture.completedFuture(HandshakeStatus.NOK);
    Pair<Side, Side> sides =
        connect(
            Handshake.initiator(alice(COOKIE), BOB), Handshake.acceptor(bob(COOKIE), nok, "test"));
    HandshakeException atAlice = awaitFailure(sides.first().result());
    assertEquals(Step.STATUS, atAlice.step());
    assertTrue(atAlice.reason().contains("NOK"), atAlice.reason());
    assertEquals(Step.SEND_NAME, awaitFailure(sides.second().result()).step());
  }
}
