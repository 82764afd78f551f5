package dev.peerl.runtime.handshake;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.connection.FrameReader;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.util.ByteString;

/**
 * One handshake stage (or a stack ending in one) with probes on all four ports: the test plays the
 * peer on the network side and watches the upper side.
 */
final class StageUnderTest<M> {
  static final Duration DEADLINE = Duration.ofSeconds(5);

  /** What the stage reads from the network. */
  final TestPublisher.Probe<ByteString> network;

  /** What the stage writes to the network. */
  final TestSubscriber.Probe<ByteString> written;

  /** What the stage hands up. */
  final TestSubscriber.Probe<ByteString> upperReads;

  /** What the upper side gives the stage to write. */
  final TestPublisher.Probe<ByteString> upperWrites;

  final M materialized;
  private final FrameReader writtenMessages = new FrameReader(FrameHeader.HANDSHAKE, 65535);

  private StageUnderTest(
      TestPublisher.Probe<ByteString> network,
      TestSubscriber.Probe<ByteString> written,
      TestSubscriber.Probe<ByteString> upperReads,
      TestPublisher.Probe<ByteString> upperWrites,
      M materialized) {
    this.network = network;
    this.written = written;
    this.upperReads = upperReads;
    this.upperWrites = upperWrites;
    this.materialized = materialized;
  }

  static <M> StageUnderTest<M> run(
      BidiFlow<ByteString, ByteString, ByteString, ByteString, M> stack, ActorSystem system) {
    Flow<
            ByteString,
            ByteString,
            Pair<Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>, M>>
        net = upper(system).joinMat(stack, Keep.both());
    Pair<
            Pair<
                TestPublisher.Probe<ByteString>,
                Pair<Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>, M>>,
            TestSubscriber.Probe<ByteString>>
        probes =
            TestSource.<ByteString>create(system)
                .viaMat(net, Keep.both())
                .toMat(TestSink.create(system), Keep.both())
                .run(system);
    Pair<Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>, M> inner =
        probes.first().second();
    return new StageUnderTest<>(
        probes.first().first(),
        probes.second(),
        inner.first().first(),
        inner.first().second(),
        inner.second());
  }

  /** An upper side made of probes: reads what the stage hands up, writes what the test sends. */
  static Flow<
          ByteString,
          ByteString,
          Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>>
      upper(ActorSystem system) {
    return Flow.fromSinkAndSourceMat(
        TestSink.<ByteString>create(system), TestSource.<ByteString>create(system), Keep.both());
  }

  void send(HandshakeMessage message) {
    network.sendNext(FrameHeader.HANDSHAKE.prepend(message.encode()));
  }

  /** The next handshake message the stage wrote, without its prefix. */
  ByteString readMessage() {
    while (!writtenMessages.hasFrame()) {
      writtenMessages.append(written.requestNext());
    }
    return writtenMessages.nextFrame();
  }

  /** Asserts the stage closed its network side after writing everything read so far. */
  void expectNetworkClosed() {
    written.request(1);
    written.expectComplete();
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no result within " + DEADLINE, e);
    }
  }

  static HandshakeException awaitFailure(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      return fail("expected a HandshakeException, got " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(HandshakeException.class, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no result within " + DEADLINE, e);
    }
  }
}
