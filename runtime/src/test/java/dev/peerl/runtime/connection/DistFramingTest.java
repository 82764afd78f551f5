package dev.peerl.runtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DistFramingTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("DistFramingTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static final List<ByteString> FRAMES =
      List.of(
          ByteString.fromString("p\u0083hello"),
          DistFraming.TICK,
          ByteString.fromArray(new byte[300]),
          ByteString.fromString("x"),
          DistFraming.TICK);

  private static ByteString wire(List<ByteString> frames) {
    ByteString bytes = ByteString.emptyByteString();
    for (ByteString frame : frames) {
      bytes = bytes.concat(FrameHeader.CONNECTED.prepend(frame));
    }
    return bytes;
  }

  private static List<ByteString> decode(List<ByteString> chunks) throws Exception {
    return Source.from(chunks)
        .via(DistFraming.decoder(1024))
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void cutsTheSameFramesWhereverTheInputIsSplit() throws Exception {
    ByteString bytes = wire(FRAMES);
    for (int split = 0; split <= bytes.size(); split++) {
      List<ByteString> chunks = List.of(bytes.take(split), bytes.drop(split));
      assertEquals(FRAMES, decode(chunks), "split at " + split);
    }
  }

  @Test
  void cutsTheSameFramesFromOneByteAtATime() throws Exception {
    ByteString bytes = wire(FRAMES);
    List<ByteString> chunks = new ArrayList<>();
    for (int i = 0; i < bytes.size(); i++) {
      chunks.add(bytes.slice(i, i + 1));
    }
    assertEquals(FRAMES, decode(chunks));
  }

  @Test
  void recognizesAZeroLengthFrameAsATick() throws Exception {
    List<ByteString> frames = decode(List.of(ByteString.fromArray(new byte[4])));
    assertEquals(1, frames.size());
    assertTrue(DistFraming.isTick(frames.get(0)));
  }

  @Test
  void failsOnAnOversizedFrameAsSoonAsItsHeaderArrives() {
    Pair<TestPublisher.Probe<ByteString>, TestSubscriber.Probe<ByteString>> probes =
        TestSource.<ByteString>create(system)
            .via(DistFraming.decoder(1024))
            .toMat(TestSink.create(system), Keep.both())
            .run(system);
    probes.second().request(1);
    // Only the header: the 1025 payload bytes it announces are never sent.
    probes.first().sendNext(ByteString.fromArray(new byte[] {0, 0, 4, 1}));
    Throwable error = probes.second().expectError();
    FrameTooLargeException tooLarge = assertInstanceOf(FrameTooLargeException.class, error);
    assertEquals(1025, tooLarge.length());
    assertEquals(1024, tooLarge.maxLength());
    assertTrue(error.getMessage().contains("1025"), error.getMessage());
    probes.first().expectCancellation();
  }

  @Test
  void readsTheLengthAsUnsignedSoAHugeFrameIsRefusedNotWrapped() {
    FrameReader reader = new FrameReader(FrameHeader.CONNECTED, 1024);
    reader.append(ByteString.fromArray(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0}));
    FrameTooLargeException error = assertThrows(FrameTooLargeException.class, reader::hasFrame);
    assertEquals(0xFFFFFF00L, error.length());
  }

  @Test
  void failsWhenTheStreamEndsInsideAFrame() {
    ExecutionException error =
        assertThrows(
            ExecutionException.class,
            () -> decode(List.of(ByteString.fromArray(new byte[] {0, 0, 0, 9, 1, 2}))));
    assertInstanceOf(Framing.FramingException.class, error.getCause());
  }

  @Test
  void writesFramesAndTicksWithAFourBytePrefix() throws Exception {
    List<ByteString> written =
        Source.from(List.of(ByteString.fromString("abc"), DistFraming.TICK))
            .via(DistFraming.encoder())
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(
        List.of(
            ByteString.fromArray(new byte[] {0, 0, 0, 3, 'a', 'b', 'c'}),
            ByteString.fromArray(new byte[4])),
        written);
  }

  @Test
  void cutsTwoBytePrefixedHandshakeMessagesWithTheSameReader() {
    FrameReader reader = new FrameReader(FrameHeader.HANDSHAKE, 100);
    reader.append(ByteString.fromArray(new byte[] {0, 2, 's'}));
    assertFalse(reader.hasFrame());
    reader.append(ByteString.fromArray(new byte[] {'x', 0, 0, 0}));
    assertEquals(ByteString.fromString("sx"), reader.nextFrame());
    assertEquals(3, reader.bufferedBytes());
    assertEquals(ByteString.fromArray(new byte[] {0, 0, 0}), reader.drain());
    assertEquals(0, reader.bufferedBytes());
  }

  @Test
  void refusesALimitThePrefixCannotExpress() {
    assertThrows(
        IllegalArgumentException.class, () -> new FrameReader(FrameHeader.HANDSHAKE, 65536));
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(FrameHeader.CONNECTED, -1));
  }

  @Test
  void coalescesWhatWaitsForTheSocketAndPassesALoneFrameAtOnce() {
    Pair<TestPublisher.Probe<ByteString>, TestSubscriber.Probe<ByteString>> probes =
        TestSource.<ByteString>probe(system)
            .via(
                DistFraming.coalescing(100)
                    .join(org.apache.pekko.stream.javadsl.Flow.of(ByteString.class)))
            .toMat(TestSink.probe(system), Keep.both())
            .run(system);
    TestPublisher.Probe<ByteString> in = probes.first();
    TestSubscriber.Probe<ByteString> out = probes.second();
    out.request(1);
    in.sendNext(ByteString.fromString("lone"));
    assertEquals(ByteString.fromString("lone"), out.expectNext(DEADLINE));
    // The socket is busy (no demand): three frames wait, then go as one write.
    in.sendNext(ByteString.fromString("a"));
    in.sendNext(ByteString.fromString("bb"));
    in.sendNext(ByteString.fromString("ccc"));
    out.expectNoMessage(Duration.ofMillis(100));
    out.request(1);
    assertEquals(ByteString.fromString("abbccc"), out.expectNext(DEADLINE));
    // One piece over the limit goes alone.
    in.sendNext(ByteString.fromArray(new byte[150]));
    in.sendNext(ByteString.fromString("after"));
    out.request(2);
    assertEquals(150, out.expectNext(DEADLINE).size());
    assertEquals(ByteString.fromString("after"), out.expectNext(DEADLINE));
  }
}
