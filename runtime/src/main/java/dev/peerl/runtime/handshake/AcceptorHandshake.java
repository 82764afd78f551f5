package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import dev.peerl.runtime.handshake.HandshakeMessage.Challenge;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeAck;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeReply;
import dev.peerl.runtime.handshake.HandshakeMessage.Complement;
import dev.peerl.runtime.handshake.HandshakeMessage.SendName;
import dev.peerl.runtime.handshake.HandshakeMessage.SendNameV5;
import dev.peerl.runtime.handshake.HandshakeMessage.Status;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.util.ByteString;

/**
 * The side that was dialled (OTP's {@code dist_util:handshake_other_started/1}):
 *
 * <pre>
 *   read send_name 'N' (v6) or 'n' (v5)  -&gt;  check mandatory flags (else send not_allowed)
 *   -&gt;  ask the {@link StatusDecision}, send status 's'  [alive: read 's' true/false]
 *   -&gt;  send challenge 'N'  [v5: read complement 'c']  -&gt;  read challenge_reply 'r', check its
 *   digest  -&gt;  send challenge_ack 'a'  -&gt;  connected
 * </pre>
 */
final class AcceptorHandshake extends HandshakeLogic {
  /** How our refusal by status begins; the status's wire name follows. */
  static final String REFUSED = "refused with status ";

  private final StatusDecision statusDecision;
  private boolean complementFollows;
  private int ourChallenge;
  private long peerFlags;
  private int peerCreation;

  AcceptorHandshake(
      BidiShape<ByteString, ByteString, ByteString, ByteString> shape,
      HandshakeSettings settings,
      StatusDecision statusDecision,
      String remote,
      FrameHeader header,
      CompletableFuture<HandshakeResult> result) {
    super(shape, settings, remote, header, result);
    this.statusDecision = statusDecision;
  }

  @Override
  void start() {
    expect(Step.SEND_NAME);
  }

  @Override
  void onMessage(ByteString message) throws HandshakeViolation {
    switch (step()) {
      case SEND_NAME -> onSendName(message);
      case ALIVE_ANSWER -> onAliveAnswer(Status.read(message));
      case COMPLEMENT -> onComplement(Complement.read(message));
      case CHALLENGE_REPLY -> onChallengeReply(ChallengeReply.read(message));
      default -> throw new HandshakeViolation("unexpected message at " + step());
    }
  }

  private void onSendName(ByteString message) throws HandshakeViolation {
    String name;
    if (!message.isEmpty() && message.apply(0) == SendNameV5.TAG) {
      SendNameV5 v5 = SendNameV5.read(message);
      name = v5.name();
      peerFlags = v5.flags();
      complementFollows = true;
    } else {
      SendName v6 = SendName.read(message);
      name = v6.name();
      peerFlags = v6.flags();
      peerCreation = v6.creation();
    }
    peerIs(name);
    // OTP's mandatory flags are all in the low 32 bits, so a v5 name already shows them.
    long missing = DistFlags.missingMandatory(peerFlags);
    if (missing != 0) {
      refuse(
          HandshakeStatus.NOT_ALLOWED,
          "the peer lacks mandatory flags " + DistFlags.toString(missing));
      return;
    }
    await(statusDecision.decide(name, peerFlags), this::sendStatus);
  }

  private void sendStatus(HandshakeStatus status) {
    switch (status) {
      case OK, OK_SIMULTANEOUS -> {
        send(Status.of(status));
        sendChallenge();
      }
      case ALIVE -> {
        send(Status.of(status));
        expect(Step.ALIVE_ANSWER);
      }
      case NOK, NOT_ALLOWED -> refuse(status, REFUSED + status.wireName());
    }
  }

  private void onAliveAnswer(Status answer) throws HandshakeViolation {
    switch (answer.value()) {
      case "true" -> sendChallenge();
      case "false" -> throw new HandshakeViolation("the peer gave up after status alive");
      default -> throw new HandshakeViolation("unknown answer '" + answer.value() + "' to alive");
    }
  }

  private void sendChallenge() {
    ourChallenge = ChallengeDigest.newChallenge();
    send(
        new Challenge(
            settings.offeredFlags(), ourChallenge, settings.creation(), settings.localNode()));
    expect(complementFollows ? Step.COMPLEMENT : Step.CHALLENGE_REPLY);
  }

  private void onComplement(Complement complement) {
    peerFlags |= Integer.toUnsignedLong(complement.flagsHigh()) << 32;
    peerCreation = complement.creation();
    expect(Step.CHALLENGE_REPLY);
  }

  private void onChallengeReply(ChallengeReply reply) throws HandshakeViolation {
    ByteString expected = ChallengeDigest.of(settings.cookie(), ourChallenge);
    if (!ChallengeDigest.matches(expected, reply.digest())) {
      throw new HandshakeViolation("wrong digest in challenge_reply: the cookies differ");
    }
    send(new ChallengeAck(ChallengeDigest.of(settings.cookie(), reply.challenge())));
    succeed(peerFlags, peerCreation);
  }
}
