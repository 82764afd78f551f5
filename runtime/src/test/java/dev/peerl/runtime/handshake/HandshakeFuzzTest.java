package dev.peerl.runtime.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzzing of the handshake stage (Jazzer), in both roles, against a {@link
 * ScriptedHandshakePeer} that plays the fuzzer's bytes as anything from garbage to a correct
 * handshake. Whatever the peer does, the handshake ends (no hang: every wait has a deadline far
 * below the stage's own step timer) with a {@link HandshakeResult} or a {@link HandshakeException},
 * on its materialized value and on the upper side alike; it never connects unless the peer proved
 * the cookie; and once connected it hands up exactly the bytes the peer sent after the handshake.
 *
 * <p>Input byte 0 picks the stage's role and its decisions; the rest is the peer's script. Inputs
 * under {@code src/test/resources/dev/peerl/runtime/handshake/HandshakeFuzzTestInputs/} run in the
 * normal build; {@code scripts/fuzz.sh handshake} fuzzes (docs/reliability.md).
 */
class HandshakeFuzzTest {
  /** Input byte 0, bit 0: the stage is the acceptor (the peer dials), else the initiator. */
  static final int ACCEPTOR = 1;

  /** Bits 1-3: the acceptor's status decision, an index into {@link HandshakeStatus#values()}. */
  static final int STATUS_SHIFT = 1;

  /** Bit 4: the initiator goes on after an {@code alive} status. */
  static final int CONTINUE_IF_ALIVE = 1 << 4;

  static final String LOCAL_NODE = "peerl@localhost";
  static final String PEER_NODE = "fuzzpeer@localhost";
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  // Longer than DEADLINE: a step that hangs must show as a hang, not end in the stage's timeout.
  private static final HandshakeSettings SETTINGS =
      new HandshakeSettings(
          LOCAL_NODE,
          7,
          ScriptedHandshakePeer.COOKIE,
          DistFlags.offered(true),
          Duration.ofSeconds(60));

  private static ActorSystem system;
  private static Level peerlLogLevel;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("HandshakeFuzzTest");
    // Every refused input logs a WARN (and DEBUG before): millions of lines while fuzzing.
    Logger peerl = (Logger) LoggerFactory.getLogger("dev.peerl");
    peerlLogLevel = peerl.getLevel();
    peerl.setLevel(Level.ERROR);
  }

  @AfterAll
  static void stopSystem() {
    ((Logger) LoggerFactory.getLogger("dev.peerl")).setLevel(peerlLogLevel);
    TestKit.shutdownActorSystem(system);
  }

  @FuzzTest
  void endsWithAResultOrAHandshakeExceptionAndConnectsOnlyWithTheCookie(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0] & 0xFF;
    boolean acceptor = (mode & ACCEPTOR) != 0;
    ScriptedHandshakePeer peer =
        new ScriptedHandshakePeer(
            new ScriptedHandshakePeer.Script(java.util.Arrays.copyOfRange(input, 1, input.length)),
            acceptor,
            PEER_NODE);
    Flow<ByteString, ByteString, Pair<CompletionStage<HandshakeResult>, CompletionStage<Done>>>
        connected = stage(mode).join(Flow.fromGraph(peer), Keep.both());
    Sink<ByteString, CompletionStage<ByteString>> upperSide =
        Sink.fold(ByteString.emptyByteString(), ByteString::concat);
    var run =
        Source.<ByteString>empty()
            .viaMat(connected, Keep.right())
            .toMat(upperSide, Keep.both())
            .run(system);

    Outcome<HandshakeResult> result = await(run.first().first(), "the handshake result");
    Outcome<ByteString> upper = await(run.second(), "the upper side");
    await(run.first().second(), "the peer").orThrow();

    if (result.value != null) {
      assertTrue(peer.provedCookie(), () -> "connected without the cookie: " + result.value);
      ByteString handedUp = upper.orThrow();
      peer.bytesAfterHandshake().ifPresent(sent -> assertEquals(sent, handedUp));
    } else {
      assertHandshakeException(result.failure, "the handshake result");
      assertHandshakeException(upper.failure, "the upper side");
    }
  }

  private static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      stage(int mode) {
    if ((mode & ACCEPTOR) != 0) {
      HandshakeStatus status =
          HandshakeStatus.values()[((mode >>> STATUS_SHIFT) & 7) % HandshakeStatus.values().length];
      return Handshake.acceptor(
          SETTINGS, (node, flags) -> CompletableFuture.completedFuture(status), "fuzz peer");
    }
    boolean goOn = (mode & CONTINUE_IF_ALIVE) != 0;
    return Handshake.initiator(
        SETTINGS, PEER_NODE, node -> CompletableFuture.completedFuture(goOn));
  }

  private static void assertHandshakeException(Throwable failure, String what) {
    if (!(failure instanceof HandshakeException)) {
      throw new AssertionError(what + " failed with other than a HandshakeException", failure);
    }
  }

  /** A value or the failure it completed with. */
  private record Outcome<T>(T value, Throwable failure) {
    T orThrow() {
      if (failure != null) {
        throw new AssertionError("unexpected failure", failure);
      }
      return value;
    }
  }

  private static <T> Outcome<T> await(CompletionStage<T> stage, String what) {
    try {
      return new Outcome<>(
          stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not complete within " + DEADLINE + ": a hang", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
