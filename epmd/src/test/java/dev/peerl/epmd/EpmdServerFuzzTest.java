package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the embedded EPMD server's side of one connection, as {@link
 * EmbeddedEpmd} wires it: {@link EpmdRequestFraming} then {@link EpmdRequestHandler}, fed arbitrary
 * bytes in arbitrary pieces. The connection ends (no hang) either cleanly or with an {@link
 * InvalidRequestException}, and whatever it wrote is a complete, valid answer to the first request
 * as the client's {@link EpmdResponseDecoder} reads it, or nothing.
 *
 * <p>Input byte 0 picks the connection (local or not, KILL/STOP enabled or not) and how the bytes
 * are cut into reads; the rest is what the client sends. Inputs under {@code
 * src/test/resources/dev/peerl/epmd/EpmdServerFuzzTestInputs/} run in the normal build; {@code
 * scripts/fuzz.sh epmd} fuzzes (docs/reliability.md).
 */
class EpmdServerFuzzTest {
  /** Input byte 0, bit 0: the client is local (may register, dump, kill, stop). */
  static final int LOCAL = 1;

  /** Bit 1: KILL_REQ and STOP_REQ are enabled. */
  static final int ENABLE_KILL = 1 << 1;

  /** Bits 2-7: the size of each read, 0 for all the bytes in one. */
  static final int READ_SIZE_SHIFT = 2;

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final int MAX_REQUEST_SIZE =
      EpmdSettings.create(testKit.system()).maxRequestSize();
  private static final NodeInfo HELD = NodeInfo.of("held", 4370, NodeType.HIDDEN);

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @FuzzTest
  void answersTheFirstRequestValidlyOrClosesWithAnInvalidRequestException(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0] & 0xFF;
    byte[] sent = Arrays.copyOfRange(input, 1, input.length);
    // A table of its own per input, with one name already held, on a clock that stands still.
    RegistrationTable table = new RegistrationTable(() -> 1_700_000_000L);
    table.register(HELD, 0, () -> {});
    EpmdRequestHandler.Peer peer =
        new EpmdRequestHandler.Peer(1, "fuzz client", (mode & LOCAL) != 0, 4369);
    // The idle timeout is far beyond the deadline: a connection that never ends must show as a
    // hang here, not end in the timeout.
    CompletionStage<ByteString> written =
        Source.from(reads(sent, mode >>> READ_SIZE_SHIFT))
            .via(new EpmdRequestFraming(MAX_REQUEST_SIZE))
            .via(
                new EpmdRequestHandler(
                    table, peer, Duration.ofSeconds(60), (mode & ENABLE_KILL) != 0, () -> {}))
            .runWith(
                Sink.<ByteString, ByteString>fold(ByteString.emptyByteString(), ByteString::concat),
                testKit.system());

    ByteString answer;
    try {
      answer = written.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof InvalidRequestException)) {
        throw new AssertionError("closed with other than an InvalidRequestException", e.getCause());
      }
      // Failed after writing, at most, its answer to a first request (an ALIVE2 that then sent
      // more): the answer went out before the failure, and the client has nothing more to read.
      return;
    } catch (TimeoutException e) {
      throw new AssertionError("the connection did not end within " + DEADLINE + ": a hang", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (!answer.isEmpty()) {
      assertValidAnswer(firstRequestCode(sent), answer);
    }
  }

  private static List<ByteString> reads(byte[] bytes, int size) {
    List<ByteString> reads = new ArrayList<>();
    int step = size == 0 ? Math.max(bytes.length, 1) : size;
    for (int at = 0; at < bytes.length; at += step) {
      reads.add(ByteString.fromArray(bytes, at, Math.min(step, bytes.length - at)));
    }
    return reads;
  }

  private static int firstRequestCode(byte[] sent) {
    assertTrue(sent.length >= 3, "an answer before a whole request");
    return sent[2] & 0xFF;
  }

  // An answer the connection ended after cleanly: the client reads all of it as one valid answer.
  private static void assertValidAnswer(int code, ByteString answer) {
    EpmdResponseDecoder client = new EpmdResponseDecoder("fuzz", EpmdRequest.Names.INSTANCE);
    switch (code) {
      case EpmdRequests.ALIVE2_REQ -> {
        assertTrue(answer.size() == 6 || answer.size() == 4, "ALIVE2 answer of " + answer.size());
        // A refusal (result 1, the name is taken) is valid too, but the client reports it as an
        // EpmdException: only an acceptance goes through its decoder.
        if (answer.apply(1) == EpmdRequests.RESULT_OK) {
          assertTrue(client.alive2(answer).isPresent(), "incomplete ALIVE2 answer");
        }
      }
      case EpmdRequests.PORT_PLEASE2_REQ -> {
        Optional<EpmdResponseDecoder.Port2> port = client.port2(answer);
        assertTrue(port.isPresent(), "incomplete PORT2 answer");
        port.get().node().ifPresent(node -> assertEquals(HELD, node));
        assertEquals(port.get().node().isPresent() ? 14 + HELD.name().length() : 2, answer.size());
      }
      case EpmdRequests.NAMES_REQ, EpmdRequests.DUMP_REQ -> {
        assertEquals(4369L, client.namesPort(answer).orElseThrow());
        if (code == EpmdRequests.NAMES_REQ) {
          assertEquals(List.of(new RegisteredNode("held", 4370)), client.names(answer));
        }
      }
      case EpmdRequests.KILL_REQ ->
          assertTrue(
              answer.equals(EpmdResponseEncoder.KILL_ACCEPTED)
                  || answer.equals(EpmdResponseEncoder.KILL_REFUSED),
              answer::utf8String);
      case EpmdRequests.STOP_REQ ->
          assertTrue(
              answer.equals(EpmdResponseEncoder.STOPPED)
                  || answer.equals(EpmdResponseEncoder.NO_SUCH_NAME),
              answer::utf8String);
      default -> throw new AssertionError("answered unknown request code " + code);
    }
  }
}
