package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import dev.peerl.runtime.handshake.HandshakeMessage.Challenge;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeAck;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeReply;
import dev.peerl.runtime.handshake.HandshakeMessage.SendName;
import dev.peerl.runtime.handshake.HandshakeMessage.Status;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.util.ByteString;

/**
 * The side that dialled (OTP's {@code dist_util:handshake_we_started/1}):
 *
 * <pre>
 *   send send_name 'N'  -&gt;  read status 's'  [alive: send 's' true/false]
 *   -&gt;  read challenge 'N' (Name must be the node dialled)  -&gt;  send challenge_reply 'r'
 *   -&gt;  read challenge_ack 'a' (digest of our challenge)  -&gt;  connected
 * </pre>
 */
final class InitiatorHandshake extends HandshakeLogic {
  /** How a refusal by the peer's status begins; the status follows. */
  static final String REFUSED = "the peer refused us: ";

  private final String peerNode;
  private final AliveDecision aliveDecision;
  private int ourChallenge;
  private long peerFlags;
  private int peerCreation;

  InitiatorHandshake(
      BidiShape<ByteString, ByteString, ByteString, ByteString> shape,
      HandshakeSettings settings,
      String peerNode,
      AliveDecision aliveDecision,
      FrameHeader header,
      CompletableFuture<HandshakeResult> result) {
    super(shape, settings, peerNode, header, result);
    this.peerNode = peerNode;
    this.aliveDecision = aliveDecision;
  }

  @Override
  void start() {
    send(new SendName(settings.offeredFlags(), settings.creation(), settings.localNode()));
    expect(Step.STATUS);
  }

  @Override
  void onMessage(ByteString message) throws HandshakeViolation {
    switch (step()) {
      case STATUS -> onStatus(Status.read(message));
      case CHALLENGE -> onChallenge(Challenge.read(message));
      case CHALLENGE_ACK -> onChallengeAck(ChallengeAck.read(message));
      default -> throw new HandshakeViolation("unexpected message at " + step());
    }
  }

  private void onStatus(Status status) throws HandshakeViolation {
    HandshakeStatus known =
        HandshakeStatus.fromWireName(status.value())
            .orElseThrow(() -> new HandshakeViolation("unknown status '" + status.value() + "'"));
    switch (known) {
      case OK, OK_SIMULTANEOUS -> expect(Step.CHALLENGE);
      case ALIVE -> await(aliveDecision.continueHandshake(peerNode), this::answerAlive);
      case NOK, NOT_ALLOWED -> throw new HandshakeViolation(REFUSED + known);
    }
  }

  private void answerAlive(boolean continueHandshake) throws HandshakeViolation {
    send(Status.ofAnswer(continueHandshake));
    if (!continueHandshake) {
      throw new HandshakeViolation("the peer has a connection under our name and we left it");
    }
    expect(Step.CHALLENGE);
  }

  private void onChallenge(Challenge challenge) throws HandshakeViolation {
    if (!challenge.name().equals(peerNode)) {
      throw new HandshakeViolation("the challenge comes from " + challenge.name());
    }
    long missing = DistFlags.missingMandatory(challenge.flags());
    if (missing != 0) {
      throw new HandshakeViolation("the peer lacks mandatory flags " + DistFlags.toString(missing));
    }
    peerFlags = challenge.flags();
    peerCreation = challenge.creation();
    ourChallenge = ChallengeDigest.newChallenge();
    ByteString digest = ChallengeDigest.of(settings.cookie(), challenge.challenge());
    send(new ChallengeReply(ourChallenge, digest));
    expect(Step.CHALLENGE_ACK);
  }

  private void onChallengeAck(ChallengeAck ack) throws HandshakeViolation {
    ByteString expected = ChallengeDigest.of(settings.cookie(), ourChallenge);
    if (!ChallengeDigest.matches(expected, ack.digest())) {
      throw new HandshakeViolation("wrong digest in challenge_ack: the cookies differ");
    }
    succeed(peerFlags, peerCreation);
  }
}
