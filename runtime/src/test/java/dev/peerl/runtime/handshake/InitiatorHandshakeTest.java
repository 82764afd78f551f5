package dev.peerl.runtime.handshake;

import static dev.peerl.runtime.handshake.StageUnderTest.await;
import static dev.peerl.runtime.handshake.StageUnderTest.awaitFailure;
import static dev.peerl.runtime.handshake.TestNodes.ALICE;
import static dev.peerl.runtime.handshake.TestNodes.ALICE_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.BOB;
import static dev.peerl.runtime.handshake.TestNodes.BOB_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.COOKIE;
import static dev.peerl.runtime.handshake.TestNodes.alice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import dev.peerl.runtime.handshake.HandshakeMessage.Challenge;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeAck;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeReply;
import dev.peerl.runtime.handshake.HandshakeMessage.SendName;
import dev.peerl.runtime.handshake.HandshakeMessage.Status;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The initiator against a scripted acceptor. */
class InitiatorHandshakeTest {
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("InitiatorHandshakeTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  // ---- the initiator against a scripted acceptor

  private StageUnderTest<CompletionStage<HandshakeResult>> initiator() {
    return StageUnderTest.run(Handshake.initiator(alice(COOKIE), BOB), system);
  }

  /** Plays a correct acceptor up to the challenge_reply; returns it. */
  private static ChallengeReply actAsAcceptorUntilReply(StageUnderTest<?> alice)
      throws HandshakeViolation {
    SendName name = SendName.read(alice.readMessage());
    assertEquals(new SendName(DistFlags.PEERL_HIDDEN, ALICE_CREATION, ALICE), name);
    alice.send(Status.of(HandshakeStatus.OK));
    alice.send(new Challenge(DistFlags.PEERL_HIDDEN, 1234, BOB_CREATION, BOB));
    ChallengeReply reply = ChallengeReply.read(alice.readMessage());
    assertEquals(ChallengeDigest.of(COOKIE, 1234), reply.digest());
    return reply;
  }

  @Test
  void initiatorRefusesAWrongDigestInChallengeAck() throws HandshakeViolation {
    var alice = initiator();
    actAsAcceptorUntilReply(alice);
    alice.send(new ChallengeAck(ChallengeDigest.of(COOKIE, 1)));
    HandshakeException error = awaitFailure(alice.materialized);
    assertEquals(Step.CHALLENGE_ACK, error.step());
    assertTrue(error.reason().contains("wrong digest"), error.reason());
    alice.expectNetworkClosed();
  }

  @Test
  void initiatorRefusesAChallengeFromAnotherNode() {
    var alice = initiator();
    alice.readMessage();
    alice.send(Status.of(HandshakeStatus.OK));
    alice.send(new Challenge(DistFlags.PEERL_HIDDEN, 1234, BOB_CREATION, "mallory@localhost"));
    HandshakeException error = awaitFailure(alice.materialized);
    assertEquals(Step.CHALLENGE, error.step());
    assertTrue(error.reason().contains("mallory@localhost"), error.reason());
  }

  @Test
  void initiatorFailsOnAnUnknownStatus() {
    var alice = initiator();
    alice.readMessage();
    alice.send(new Status("maybe"));
    HandshakeException error = awaitFailure(alice.materialized);
    assertEquals(Step.STATUS, error.step());
    assertTrue(error.reason().contains("maybe"), error.reason());
  }

  @Test
  void initiatorFailsWhenTheConnectionClosesMidway() {
    var alice = initiator();
    alice.readMessage();
    alice.network.sendComplete();
    HandshakeException error = awaitFailure(alice.materialized);
    assertEquals(Step.STATUS, error.step());
    assertEquals(BOB, error.peer());
  }

  @Test
  void initiatorTimesOutWaitingForTheStatus() {
    var alice =
        StageUnderTest.run(Handshake.initiator(alice(COOKIE, Duration.ofMillis(200)), BOB), system);
    alice.readMessage();
    HandshakeException error = awaitFailure(alice.materialized);
    assertEquals(Step.STATUS, error.step());
    assertTrue(error.reason().contains("no answer"), error.reason());
  }

  @Test
  void switchesFromTwoToFourByteFramesRightAfterChallengeAckWhereverTheInputIsSplit()
      throws HandshakeViolation {
    ByteString frame = ByteString.fromString("p\u0083data");
    int tailLength = (2 + 17) + (4 + frame.size()) + 4;
    for (int split = 0; split <= tailLength; split++) {
      var alice =
          StageUnderTest.run(
              DistFraming.bidi(1024).atop(Handshake.initiator(alice(COOKIE), BOB), Keep.right()),
              system);
      ChallengeReply reply = actAsAcceptorUntilReply(alice);
      ByteString tail =
          FrameHeader.HANDSHAKE
              .prepend(new ChallengeAck(ChallengeDigest.of(COOKIE, reply.challenge())).encode())
              .concat(FrameHeader.CONNECTED.prepend(frame))
              .concat(FrameHeader.CONNECTED.prepend(DistFraming.TICK));
      assertEquals(tailLength, tail.size());
      alice.upperReads.request(2);
      alice.network.sendNext(tail.take(split));
      alice.network.sendNext(tail.drop(split));
      assertEquals(frame, alice.upperReads.expectNext(), "split at " + split);
      assertEquals(DistFraming.TICK, alice.upperReads.expectNext(), "split at " + split);
      assertEquals(BOB, await(alice.materialized).peerNode());

      alice.upperWrites.sendNext(DistFraming.TICK);
      assertEquals(ByteString.fromArray(new byte[4]), alice.written.requestNext());
    }
  }
}
