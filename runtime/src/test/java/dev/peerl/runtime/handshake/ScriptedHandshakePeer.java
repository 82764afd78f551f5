package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.connection.FrameReader;
import dev.peerl.runtime.handshake.HandshakeMessage.Challenge;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeAck;
import dev.peerl.runtime.handshake.HandshakeMessage.ChallengeReply;
import dev.peerl.runtime.handshake.HandshakeMessage.Complement;
import dev.peerl.runtime.handshake.HandshakeMessage.SendName;
import dev.peerl.runtime.handshake.HandshakeMessage.SendNameV5;
import dev.peerl.runtime.handshake.HandshakeMessage.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The other end of a handshake under fuzzing, played from a script of fuzzer bytes, inside the same
 * stream as the stage (no network, no threads of its own): its inlet gets what the stage writes,
 * its outlet is what the stage reads.
 *
 * <p>Each action of the script sends either raw bytes, a raw but framed message, or the next
 * message the protocol wants from this side, valid or with one field spoiled; every chunk may be
 * split in two. Where a valid message depends on what the stage wrote (the digest of its
 * challenge), the peer reads the stage's messages and computes it, so that fuzzing reaches every
 * state up to the connected pass-through. When the script runs out the peer closes its side.
 *
 * <p>It remembers what the test needs to judge the outcome: whether it ever proved the cookie (a
 * handshake that succeeds without that proof is a finding), and the bytes it sent after its last
 * handshake message, which the stage must hand up unchanged.
 */
final class ScriptedHandshakePeer
    extends AbstractGraphStageWithMaterializedValue<
        FlowShape<ByteString, ByteString>, CompletionStage<Done>> {
  static final String COOKIE = "fuzz-cookie";

  private final Inlet<ByteString> fromStage = Inlet.create("ScriptedHandshakePeer.in");
  private final Outlet<ByteString> toStage = Outlet.create("ScriptedHandshakePeer.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(fromStage, toStage);
  private final Script script;
  private final boolean peerIsInitiator;
  private final String dialledNode;

  // Written on the stream's thread, read by the test once the peer has stopped (`done`).
  private boolean provedCookie;
  private boolean framedThroughout = true;
  private ByteStringBuilder afterHandshake;

  /**
   * @param peerIsInitiator whether the peer dials (the stage under test is the acceptor)
   * @param dialledNode the name the stage dialled, which a valid challenge carries (when the stage
   *     is the initiator)
   */
  ScriptedHandshakePeer(Script script, boolean peerIsInitiator, String dialledNode) {
    this.script = script;
    this.peerIsInitiator = peerIsInitiator;
    this.dialledNode = dialledNode;
  }

  /** Whether the peer sent a digest that proves it has the cookie. */
  boolean provedCookie() {
    return provedCookie;
  }

  /**
   * The bytes sent after the peer's last handshake message, when every byte before it was a whole
   * framed message (so the point where the handshake ends is known); empty otherwise.
   */
  Optional<ByteString> bytesAfterHandshake() {
    return afterHandshake != null && framedThroughout
        ? Optional.of(afterHandshake.result())
        : Optional.empty();
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<Done>> createLogicAndMaterializedValuePair(
      Attributes attributes) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    return Pair.create(new Logic(done), done);
  }

  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<Done> done;
    private final FrameReader written = new FrameReader(FrameHeader.HANDSHAKE, 65535);
    private final ArrayDeque<ByteString> pending = new ArrayDeque<>();

    // What the peer has seen of the stage and sent itself.
    private String statusSeen;
    private Integer stageChallenge;
    private boolean sentFirst;
    private boolean sentAliveAnswer;
    private boolean sentV5Name;
    private boolean sentComplement;
    private boolean sentSecond;
    private boolean sentLast;
    private boolean allValidSoFar = true;
    private boolean stageClosed;
    private boolean waitingForDigestInput;

    Logic(CompletableFuture<Done> done) {
      super(shape);
      this.done = done;
      setHandler(
          fromStage,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              read(grab(fromStage));
              pull(fromStage);
              resumeIfWaiting();
            }

            @Override
            public void onUpstreamFinish() {
              // The stage closed its network side: it failed, or connected and the upper side has
              // nothing to write. The peer goes on with its script either way.
              stageClosed = true;
              resumeIfWaiting();
            }
          });
      setHandler(
          toStage,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              sendNext();
            }
          });
    }

    @Override
    public void preStart() {
      pull(fromStage);
    }

    @Override
    public void postStop() {
      done.complete(Done.getInstance());
    }

    private void read(ByteString bytes) {
      written.append(bytes);
      try {
        while (written.hasFrame()) {
          understand(written.nextFrame());
        }
      } catch (RuntimeException | HandshakeViolation notAMessage) {
        // The stage writes only whole handshake messages; this would show up as a failed check.
        throw new AssertionError("the stage wrote a malformed handshake message", notAMessage);
      }
    }

    private void understand(ByteString message) throws HandshakeViolation {
      int tag = message.apply(0);
      if (peerIsInitiator && tag == Status.TAG) {
        statusSeen = Status.read(message).value();
      } else if (peerIsInitiator && tag == Challenge.TAG) {
        stageChallenge = Challenge.read(message).challenge();
      } else if (!peerIsInitiator && tag == ChallengeReply.TAG) {
        stageChallenge = ChallengeReply.read(message).challenge();
      }
    }

    private void resumeIfWaiting() {
      if (waitingForDigestInput && isAvailable(toStage)) {
        waitingForDigestInput = false;
        sendNext();
      }
    }

    private void sendNext() {
      if (pending.isEmpty()) {
        if (script.exhausted()) {
          complete(toStage);
          return;
        }
        if (mustWaitForChallenge()) {
          waitingForDigestInput = true;
          return;
        }
        plan();
      }
      if (!pending.isEmpty()) {
        push(toStage, pending.poll());
      } else {
        sendNext();
      }
    }

    // A valid digest answers the stage's challenge, which the stage writes after reading the peer's
    // messages so far and before it reads on. It may still be on its way when the stage asks for
    // more bytes: if everything sent so far was valid, the stage either writes it or fails, so wait
    // for one or the other. Otherwise it may never come, and waiting could hang.
    private boolean mustWaitForChallenge() {
      boolean digestNext =
          (script.peek() & 7) >= 2
              && script.peek() >>> 3 < 16
              && (peerIsInitiator
                  ? sentFirst
                      && !("alive".equals(statusSeen) && !sentAliveAnswer)
                      && !(sentV5Name && !sentComplement)
                      && !sentLast
                  : sentSecond && !sentLast);
      return digestNext && allValidSoFar && stageChallenge == null && !stageClosed;
    }

    // Turns the next action of the script into one or two chunks to send.
    private void plan() {
      int action = script.u8();
      boolean handshakeOver = afterHandshake != null;
      ByteString chunk;
      switch (action & 7) {
        case 0 -> {
          chunk = ByteString.fromArrayUnsafe(script.bytes());
          framedThroughout &= sentLast;
          allValidSoFar &= sentLast;
        }
        case 1 -> {
          chunk = FrameHeader.HANDSHAKE.prepend(ByteString.fromArrayUnsafe(script.bytes()));
          allValidSoFar &= sentLast;
        }
        default -> {
          allValidSoFar &= sentLast || action >>> 3 < 16;
          chunk = nextMessage(action >>> 3);
        }
      }
      if (handshakeOver) {
        afterHandshake.append(chunk);
      }
      int split = script.u8() % (chunk.size() + 1);
      if (split > 0 && split < chunk.size()) {
        pending.add(chunk.take(split));
        pending.add(chunk.drop(split));
      } else {
        pending.add(chunk);
      }
    }

    /** The message the protocol wants next from this side; {@code variant >= 16} spoils it. */
    private ByteString nextMessage(int variant) {
      boolean valid = variant < 16;
      ByteString message =
          peerIsInitiator ? nextAsInitiator(variant, valid) : nextAsAcceptor(variant, valid);
      if (message == null) {
        // Past the handshake: a connected frame (4-byte length) of script bytes.
        return FrameHeader.CONNECTED.prepend(ByteString.fromArrayUnsafe(script.bytes()));
      }
      ByteString framed = FrameHeader.HANDSHAKE.prepend(message);
      if (sentLast && afterHandshake == null) {
        afterHandshake = new ByteStringBuilder(); // the bytes after this message
      }
      return framed;
    }

    private ByteString nextAsInitiator(int variant, boolean valid) {
      if (!sentFirst) {
        sentFirst = true;
        String name = valid ? "fuzzpeer@localhost" : script.latin1();
        long flags = valid ? DistFlags.offered(variant % 3 == 0) : script.u64();
        if (variant % 2 == 1) {
          sentV5Name = true;
          return new SendNameV5(valid ? 5 : script.u8(), flags & 0xFFFF_FFFFL, name).encode();
        }
        return new SendName(flags, script.s32(), name).encode();
      }
      if ("alive".equals(statusSeen) && !sentAliveAnswer) {
        sentAliveAnswer = true;
        return new Status(valid ? Boolean.toString(variant % 2 == 0) : script.latin1()).encode();
      }
      if (sentV5Name && !sentComplement) {
        sentComplement = true;
        return new Complement(script.s32(), script.s32()).encode();
      }
      if (!sentLast) {
        sentLast = true;
        return new ChallengeReply(script.s32(), digest(valid)).encode();
      }
      return null;
    }

    private ByteString nextAsAcceptor(int variant, boolean valid) {
      if (!sentFirst) {
        sentFirst = true;
        String status =
            valid
                ? HandshakeStatus.values()[variant % HandshakeStatus.values().length].wireName()
                : script.latin1();
        return new Status(status).encode();
      }
      if (!sentSecond) {
        sentSecond = true;
        String name = valid ? dialledNode : script.latin1();
        long flags = valid ? DistFlags.offered(variant % 2 == 0) : script.u64();
        return new Challenge(flags, script.s32(), script.s32(), name).encode();
      }
      if (!sentLast) {
        sentLast = true;
        return new ChallengeAck(digest(valid)).encode();
      }
      return null;
    }

    // The digest of the stage's challenge with the right cookie, if the stage has sent one; else a
    // wrong one (with a wrong cookie, or script bytes of any length).
    private ByteString digest(boolean valid) {
      if (valid && stageChallenge != null) {
        provedCookie = true;
        return ChallengeDigest.of(COOKIE, stageChallenge);
      }
      return valid
          ? ChallengeDigest.of("not-" + COOKIE, script.s32())
          : ByteString.fromArrayUnsafe(script.bytes());
    }
  }

  /**
   * The fuzzer's bytes, read front to back; past the end every read gives zeros, so any input is a
   * complete script.
   */
  static final class Script {
    private final byte[] bytes;
    private int position;

    Script(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean exhausted() {
      return position >= bytes.length;
    }

    int u8() {
      return position < bytes.length ? bytes[position++] & 0xFF : 0;
    }

    int peek() {
      return position < bytes.length ? bytes[position] & 0xFF : 0;
    }

    int s32() {
      return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
    }

    long u64() {
      return ((long) s32() << 32) | (s32() & 0xFFFF_FFFFL);
    }

    /** A length byte, then up to that many bytes. */
    byte[] bytes() {
      int length = Math.min(u8(), bytes.length - Math.min(position, bytes.length));
      byte[] out = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return out;
    }

    String latin1() {
      return new String(bytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
