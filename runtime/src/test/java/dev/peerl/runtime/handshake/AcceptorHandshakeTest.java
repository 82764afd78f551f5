package dev.peerl.runtime.handshake;

import static dev.peerl.runtime.handshake.StageUnderTest.await;
import static dev.peerl.runtime.handshake.StageUnderTest.awaitFailure;
import static dev.peerl.runtime.handshake.TestNodes.ALICE;
import static dev.peerl.runtime.handshake.TestNodes.ALICE_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.BOB;
import static dev.peerl.runtime.handshake.TestNodes.BOB_CREATION;
import static dev.peerl.runtime.handshake.TestNodes.COOKIE;
import static dev.peerl.runtime.handshake.TestNodes.bob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import dev.peerl.runtime.handshake.HandshakeMessage.Challenge;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeAck;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeReply;
import dev.peerl.runtime.handshake.HandshakeMessage.Complement;
import dev.peerl.runtime.handshake.HandshakeMessage.SendName;
import dev.peerl.runtime.handshake.HandshakeMessage.SendNameV5;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The acceptor against a scripted initiator. */
class AcceptorHandshakeTest {
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("AcceptorHandshakeTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  // ---- the acceptor against a scripted initiator

  private StageUnderTest<CompletionStage<HandshakeResult>> acceptor() {
    return StageUnderTest.run(Handshake.acceptor(bob(COOKIE)), system);
  }

  @Test
  void acceptorRefusesAPeerWithoutMandatoryFlagsWithNotAllowed() {
    var bob = acceptor();
    bob.send(new SendName(DistFlags.PEERL_HIDDEN & ~DistFlags.DFLAG_BIG_CREATION, 1, ALICE));

    assertEquals(ByteString.fromString("snot_allowed"), bob.readMessage());
    bob.expectNetworkClosed();
    HandshakeException error = awaitFailure(bob.materialized);
    assertEquals(Step.SEND_NAME, error.step());
    assertEquals(ALICE, error.peer());
    assertTrue(error.reason().contains("BIG_CREATION"), error.reason());
    assertSame(error, bob.upperReads.expectSubscriptionAndError());
  }

  @Test
  void acceptorRefusesAWrongDigestInChallengeReply() throws HandshakeViolation {
    var bob = acceptor();
    bob.send(new SendName(DistFlags.PEERL_HIDDEN, ALICE_CREATION, ALICE));
    assertEquals(ByteString.fromString("sok"), bob.readMessage());
    Challenge challenge = Challenge.read(bob.readMessage());
    bob.send(new ChallengeReply(1, ChallengeDigest.of("wrong", challenge.challenge())));

    bob.expectNetworkClosed();
    HandshakeException error = awaitFailure(bob.materialized);
    assertEquals(Step.CHALLENGE_REPLY, error.step());
    assertTrue(error.reason().contains("wrong digest"), error.reason());
  }

  @Test
  void acceptorAcceptsAVersion5NameAndTakesFlagsAndCreationFromTheComplement()
      throws HandshakeViolation {
    var bob = acceptor();
    bob.send(new SendNameV5(5, DistFlags.PEERL_HIDDEN & 0xFFFFFFFFL, ALICE));
    assertEquals(ByteString.fromString("sok"), bob.readMessage());
    Challenge challenge = Challenge.read(bob.readMessage());
    assertEquals(BOB, challenge.name());
    assertEquals(DistFlags.PEERL_HIDDEN, challenge.flags());
    assertEquals(BOB_CREATION, challenge.creation());

    bob.send(new Complement((int) (DistFlags.PEERL_HIDDEN >>> 32), ALICE_CREATION));
    bob.send(new ChallengeReply(77, ChallengeDigest.of(COOKIE, challenge.challenge())));
    ChallengeAck ack = ChallengeAck.read(bob.readMessage());
    assertEquals(ChallengeDigest.of(COOKIE, 77), ack.digest());
    assertEquals(
        new HandshakeResult(ALICE, DistFlags.PEERL_HIDDEN, DistFlags.PEERL_HIDDEN, ALICE_CREATION),
        await(bob.materialized));
  }

  @Test
  void acceptorAnsweringOkSimultaneousGoesOnWithTheHandshake() throws HandshakeViolation {
    StatusDecision simultaneous =
        (node, flags) -> CompletableFuture.completedFuture(HandshakeStatus.OK_SIMULTANEOUS);
    var bob = StageUnderTest.run(Handshake.acceptor(bob(COOKIE), simultaneous, "test"), system);
    bob.send(new SendName(DistFlags.PEERL_HIDDEN, ALICE_CREATION, ALICE));
    assertEquals(ByteString.fromString("sok_simultaneous"), bob.readMessage());
    Challenge challenge = Challenge.read(bob.readMessage());
    bob.send(new ChallengeReply(5, ChallengeDigest.of(COOKIE, challenge.challenge())));
    assertEquals(ChallengeDigest.of(COOKIE, 5), ChallengeAck.read(bob.readMessage()).digest());
    assertEquals(ALICE, await(bob.materialized).peerNode());
  }

  @Test
  void acceptorReadsASendNameArrivingOneByteAtATime() {
    var bob = acceptor();
    ByteString name =
        FrameHeader.HANDSHAKE.prepend(new SendName(DistFlags.PEERL_HIDDEN, 1, ALICE).encode());
    for (int i = 0; i < name.size(); i++) {
      bob.network.sendNext(name.slice(i, i + 1));
    }
    assertEquals(ByteString.fromString("sok"), bob.readMessage());
  }

  @Test
  void acceptorTimesOutWhenThePeerSaysNothing() {
    var bob = StageUnderTest.run(Handshake.acceptor(bob(COOKIE, Duration.ofMillis(200))), system);
    HandshakeException error = awaitFailure(bob.materialized);
    assertEquals(Step.SEND_NAME, error.step());
    assertEquals(HandshakeException.UNKNOWN_PEER, error.peer());
    assertTrue(error.reason().contains("no answer within"), error.reason());
    bob.expectNetworkClosed();
  }

  @Test
  void acceptorFailsWhenTheStatusDecisionFails() {
    StatusDecision broken =
        (node, flags) -> CompletableFuture.failedFuture(new IllegalStateException("table down"));
    var bob = StageUnderTest.run(Handshake.acceptor(bob(COOKIE), broken, "test"), system);
    bob.send(new SendName(DistFlags.PEERL_HIDDEN, 1, ALICE));
    HandshakeException error = awaitFailure(bob.materialized);
    assertEquals(Step.SEND_NAME, error.step());
    assertInstanceOf(IllegalStateException.class, error.getCause());
  }

  static Stream<Arguments> malformedNames() {
    long flags = DistFlags.PEERL_HIDDEN;
    return Stream.of(
        Arguments.of("wrong tag", message(b -> b.putByte((byte) 'X').putLong(flags, BE))),
        Arguments.of("empty message", message(b -> b)),
        Arguments.of("truncated flags", message(b -> b.putByte((byte) 'N').putInt(1, BE))),
        Arguments.of(
            "name longer than the message",
            message(
                b ->
                    b.putByte((byte) 'N')
                        .putLong(flags, BE)
                        .putInt(1, BE)
                        .putShort(50, BE)
                        .putBytes("a@b".getBytes()))),
        Arguments.of(
            "name too long",
            message(
                b ->
                    b.putByte((byte) 'N')
                        .putLong(flags, BE)
                        .putInt(1, BE)
                        .putShort(300, BE)
                        .putBytes(("a@" + "h".repeat(298)).getBytes()))),
        Arguments.of(
            "not a node name",
            message(
                b ->
                    b.putByte((byte) 'N')
                        .putLong(flags, BE)
                        .putInt(1, BE)
                        .putShort(6, BE)
                        .putBytes("nohost".getBytes()))),
        Arguments.of(
            "v5 with another version",
            message(
                b ->
                    b.putByte((byte) 'n')
                        .putShort(4, BE)
                        .putInt((int) flags, BE)
                        .putBytes(ALICE.getBytes()))),
        Arguments.of(
            "message over the limit",
            ByteString.fromArray(new byte[] {(byte) 0xFF, (byte) 0xFF, 'N'})));
  }

  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

  private static ByteString message(java.util.function.UnaryOperator<ByteStringBuilder> body) {
    return FrameHeader.HANDSHAKE.prepend(body.apply(new ByteStringBuilder()).result());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedNames")
  void acceptorFailsWithAHandshakeExceptionOnAMalformedName(String what, ByteString bytes) {
    var bob = acceptor();
    bob.network.sendNext(bytes);
    HandshakeException error = awaitFailure(bob.materialized);
    assertEquals(Step.SEND_NAME, error.step(), error.getMessage());
    assertSame(error, bob.upperReads.expectSubscriptionAndError());
    bob.expectNetworkClosed();
  }
}
