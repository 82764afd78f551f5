package dev.peerl.runtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.AtomCache;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlCodec;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessage.SendSender;
import dev.peerl.runtime.control.DistFrameReader;
import dev.peerl.runtime.control.DistMessageCodec;
import dev.peerl.runtime.control.MessageAtomRefs;
import dev.peerl.runtime.control.OutboundFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OutboundFramesTest {
  private static final int FRAGMENT = 1000;
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("OutboundFramesTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static Pid pid(int id) {
    return new Pid(Atom.of("peerl@host"), id, 0, 1);
  }

  private static SendSender send(int from, Term message) {
    return new SendSender(pid(from), pid(100), message);
  }

  /** What the node's encoder makes of {@code message} with the atom cache and fragments. */
  private static OutboundFrame encode(ControlMessage message) {
    MessageAtomRefs refs = new MessageAtomRefs();
    return encode(message, refs);
  }

  /** As FrameEncoder encodes with FRAGMENTS but no atom cache: no atom refs, atoms in full. */
  private static OutboundFrame encodeWithoutCache(ControlMessage message) {
    return encode(message, null);
  }

  private static OutboundFrame encode(ControlMessage message, MessageAtomRefs refs) {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    int length =
        DistMessageCodec.writeBody(
            message, true, new TermEncoder(TermEncoder.DEFAULT_MAX_DEPTH, refs), buffer, 0);
    byte[] body = new byte[length];
    buffer.getBytes(0, body);
    return new OutboundFrame(
        ControlCodec.sender(message),
        refs == null ? new Atom[0] : refs.toArray(),
        ByteString.fromArray(body),
        true);
  }

  private static List<ByteString> run(List<ControlMessage> messages) throws Exception {
    List<OutboundFrame> frames = new ArrayList<>();
    messages.forEach(m -> frames.add(encode(m)));
    return Source.from(frames)
        .via(new OutboundFrames(FRAGMENT, 16, bytes -> {}))
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static List<ControlMessage> read(List<ByteString> frames) throws Exception {
    DistFrameReader reader = new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1 << 24);
    List<ControlMessage> messages = new ArrayList<>();
    for (ByteString frame : frames) {
      ControlMessage message = reader.read(frame);
      if (message != null) {
        messages.add(message);
      }
    }
    return messages;
  }

  private static Binary binary(int size, int fill) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) fill);
    return Binary.of(bytes);
  }

  @Test
  void whatItWritesReadsBackAsTheSameMessages() throws Exception {
    List<ControlMessage> messages = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Many distinct atoms, more than the cache holds, and some repeated.
      Term body =
          Tuple.of(Atom.of("atom_" + i), Atom.of("common"), Atom.of("atom_" + (i / 2)), Int.of(i));
      messages.add(send(i % 5, i % 500 == 7 ? Tuple.of(body, binary(5_500, i)) : body));
    }
    List<ByteString> frames = run(messages);
    assertTrue(frames.size() > messages.size(), "large messages went in fragments");
    List<ControlMessage> received = read(frames);
    assertEquals(messages.size(), received.size());
    for (int sender = 0; sender < 5; sender++) {
      int s = sender;
      assertEquals(
          messages.stream().filter(m -> ((SendSender) m).from().id() == s).toList(),
          received.stream().filter(m -> ((SendSender) m).from().id() == s).toList());
    }
  }

  @Test
  void sendsAtomsThePeerHasCachedAsOneByte() throws Exception {
    Term body = Tuple.of(Atom.of("a_rather_long_atom_name"), Atom.of("another_long_atom_name"));
    List<ByteString> frames = run(List.of(send(1, body), send(1, body)));
    assertTrue(
        frames.get(1).size() < frames.get(0).size() - 40,
        frames.get(0).size() + " then " + frames.get(1).size());
    assertEquals(List.of(send(1, body), send(1, body)), read(frames));
  }

  @Test
  void writesALongUnicodeAtomWithTwoByteLengths() throws Exception {
    Atom longest = Atom.of("ö".repeat(255));
    List<ByteString> frames = run(List.of(send(1, longest), send(1, longest)));
    assertEquals(List.of(send(1, longest), send(1, longest)), read(frames));
  }

  @Test
  void letsOtherSendersGoBetweenTheFragmentsButNotTheSameSender() throws Exception {
    Pair<TestPublisher.Probe<OutboundFrame>, TestSubscriber.Probe<ByteString>> probes =
        TestSource.<OutboundFrame>probe(system)
            .via(new OutboundFrames(FRAGMENT, 16, bytes -> {}))
            .toMat(TestSink.probe(system), org.apache.pekko.stream.javadsl.Keep.both())
            .run(system);
    TestPublisher.Probe<OutboundFrame> in = probes.first();
    TestSubscriber.Probe<ByteString> out = probes.second();
    ControlMessage large = send(1, binary(3 * FRAGMENT, 1));
    ControlMessage other = send(2, Atom.of("other"));
    ControlMessage after = send(1, Atom.of("after"));
    in.sendNext(encode(large));
    out.request(1);
    ByteString first = out.expectNext(Duration.ofSeconds(5));
    assertEquals(69, first.apply(1));
    in.sendNext(encode(other));
    in.sendNext(encode(after));
    out.request(10);
    List<ByteString> frames = new ArrayList<>(List.of(first));
    for (int i = 0; i < 5; i++) {
      frames.add(out.expectNext(Duration.ofSeconds(5)));
    }
    // The other sender's message right after the first fragment, the sender's own after its last.
    assertEquals(68, frames.get(1).apply(1));
    assertEquals(
        List.of(70, 70, 70), frames.subList(2, 5).stream().map(f -> (int) f.apply(1)).toList());
    assertEquals(List.of(other, large, after), read(frames));
    in.sendComplete();
    out.expectComplete();
  }

  @Test
  void withFragmentsButNoAtomCacheEveryFrameHasAHeaderWithoutAtoms() throws Exception {
    ControlMessage small = send(1, Atom.of("small"));
    ControlMessage large = send(2, binary(5 * FRAGMENT / 2, 7));
    List<ByteString> frames =
        Source.from(List.of(encodeWithoutCache(small), encodeWithoutCache(large)))
            .via(new OutboundFrames(FRAGMENT, 16, bytes -> {}))
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    // 131, 68, 0 (no atoms, no flags byte), then the body as encoded, without version bytes.
    ByteString first = frames.get(0);
    assertEquals(131, first.apply(0) & 0xFF);
    assertEquals(68, first.apply(1));
    assertEquals(0, first.apply(2));
    assertEquals(encodeWithoutCache(small).body(), first.drop(3));
    // The large one: 131, 69, SequenceId, FragmentId, 0 atoms; then 131, 70 fragments.
    assertEquals(4, frames.size());
    assertEquals(69, frames.get(1).apply(1));
    assertEquals(0, frames.get(1).apply(2 + 8 + 8));
    assertEquals(
        List.of(70, 70), frames.subList(2, 4).stream().map(f -> (int) f.apply(1)).toList());
    assertEquals(List.of(small, large), read(frames));
  }

  @Test
  void passesWholeFramesAndTicksThrough() throws Exception {
    ByteString whole = ByteString.fromArray(new byte[] {112, (byte) 131, 106, (byte) 131, 106});
    List<ByteString> frames =
        Source.from(List.of(new OutboundFrame(null, null, whole, false), OutboundFrame.TICK))
            .via(new OutboundFrames(FRAGMENT, 16, bytes -> {}))
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(whole, DistFraming.TICK), frames);
  }

  @Test
  void reportsEveryBodyByteItPushesOnOnceWholeOrInFragments() throws Exception {
    Pair<TestPublisher.Probe<OutboundFrame>, TestSubscriber.Probe<ByteString>> probes;
    AtomicLong written = new AtomicLong();
    probes =
        TestSource.<OutboundFrame>probe(system)
            .via(new OutboundFrames(FRAGMENT, 16, written::addAndGet))
            .toMat(TestSink.probe(system), org.apache.pekko.stream.javadsl.Keep.both())
            .run(system);
    TestPublisher.Probe<OutboundFrame> in = probes.first();
    TestSubscriber.Probe<ByteString> out = probes.second();
    OutboundFrame large = encode(send(1, binary(5 * FRAGMENT / 2, 1)));
    OutboundFrame small = encode(send(2, Atom.of("small")));
    in.sendNext(large);
    in.sendNext(small);
    in.sendNext(OutboundFrame.TICK);
    out.request(1);
    out.expectNext(Duration.ofSeconds(5));
    // One fragment out: its share of the body, no more, though the whole message is held.
    assertEquals(FRAGMENT, written.get());
    out.request(10);
    for (int i = 0; i < 4; i++) {
      out.expectNext(Duration.ofSeconds(5)); // the small one, a tick, two more fragments
    }
    assertEquals(large.body().size() + small.body().size(), written.get());
    in.sendComplete();
    out.expectComplete();
  }
}
