package dev.peerl.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.AtomCache;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Pid;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage.Link;
import dev.peerl.runtime.control.ControlMessage.RegSend;
import dev.peerl.runtime.control.ControlMessage.SendSender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class DistFrameReaderTest {
  private static final String NODE = "a@b";

  private final DistFrameReader reader =
      new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1 << 20);

  private static ByteString bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return ByteString.fromArray(out);
  }

  private static ByteString text(String s) {
    return ByteString.fromArray(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteString zeros(int n) {
    return ByteString.fromArray(new byte[n]);
  }

  // PID_EXT <Node via ref 0, ID, 0, creation 2>.
  private static ByteString pid(int id) {
    return bytes(103, 82, 0, 0, 0, 0, id, 0, 0, 0, 0, 2);
  }

  /**
   * A LINK whose header puts the node name in cache entry 4*256+10 and '' in entry 5: the entries
   * erl_ext_dist's example of a fragmented message finds cached.
   */
  private ControlMessage seedCache() throws Exception {
    ByteString frame =
        bytes(131, 68, 2, 0x8C, 0x00, 10, NODE.length())
            .concat(text(NODE))
            .concat(bytes(5, 0))
            .concat(bytes(104, 3, 97, 1))
            .concat(pid(1))
            .concat(pid(2));
    return reader.read(frame);
  }

  @Test
  void readsANormalHeaderWhoseNewEntriesLaterHeadersReference() throws Exception {
    ControlMessage link = seedCache();
    Pid one = ((Link) link).from();
    assertEquals(Atom.of(NODE), one.node());
    assertEquals(1, one.id());
    // Two cached references: the node (segment 4) and '' (segment 0).
    ByteString again =
        bytes(131, 68, 2, 0x04, 0x00, 10, 5)
            .concat(bytes(104, 4, 97, 6))
            .concat(pid(3))
            .concat(bytes(82, 1, 82, 1))
            .concat(bytes(106));
    RegSend send = (RegSend) reader.read(again);
    assertEquals(Atom.EMPTY, send.toName());
    assertEquals(3, send.from().id());
  }

  @Test
  void reassemblesErlExtDistsFragmentedExample() throws Exception {
    seedCache();
    ByteString start =
        bytes(131, 69, 0, 0, 2, 168, 0, 0, 5, 83, 0, 0, 0, 0, 0, 0, 0, 2)
            .concat(bytes(5, 4, 137, 9))
            .concat(bytes(10, 5))
            .concat(bytes(236, 3))
            .concat(text("reg"))
            .concat(bytes(9, 4))
            .concat(text("call"))
            .concat(bytes(238, 13))
            .concat(text("set_get_state"))
            .concat(bytes(104, 4, 97, 6, 103, 82, 0, 0, 0, 0, 85, 0, 0, 0, 0, 2, 82, 1, 82, 2))
            .concat(bytes(104, 3, 82, 3, 103, 82, 0, 0, 0, 0, 245, 0, 0, 0, 2, 2))
            .concat(bytes(104, 2, 82, 4, 109, 0, 0, 0, 128))
            .concat(zeros(103));
    ByteString last =
        bytes(131, 70, 0, 0, 2, 168, 0, 0, 5, 83, 0, 0, 0, 0, 0, 0, 0, 1).concat(zeros(25));
    assertNull(reader.read(start));
    assertEquals(1, reader.openSequences());
    RegSend send = (RegSend) reader.read(last);
    assertEquals(Atom.of("reg"), send.toName());
    Tuple message = (Tuple) send.message();
    assertEquals(Atom.of("call"), message.get(0));
    Tuple inner = (Tuple) message.get(2);
    assertEquals(Atom.of("set_get_state"), inner.get(0));
    assertEquals(128, ((Binary) inner.get(1)).length());
    assertEquals(0, reader.openSequences());
    assertEquals(0, reader.bufferedBytes());
  }

  /** A first fragment of a LINK cut after {@code cut} bytes of its body, in {@code count}. */
  private static ByteString[] fragments(long sequence, int cut) {
    ByteString body =
        bytes(104, 3, 97, 1)
            .concat(bytes(103, 82, 0, 0, 0, 0, 7, 0, 0, 0, 0, 2))
            .concat(bytes(103, 82, 0, 0, 0, 0, 8, 0, 0, 0, 0, 2));
    ByteString start =
        bytes(131, 69)
            .concat(longBytes(sequence))
            .concat(longBytes(2))
            .concat(bytes(1, 0x08, 3, 3))
            .concat(text("x@y"))
            .concat(body.take(cut));
    ByteString rest =
        bytes(131, 70).concat(longBytes(sequence)).concat(longBytes(1)).concat(body.drop(cut));
    return new ByteString[] {start, rest};
  }

  private static ByteString longBytes(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 7; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
    return ByteString.fromArray(out.toByteArray());
  }

  @Test
  void keepsInterleavedSequencesApart() throws Exception {
    ByteString[] a = fragments(1, 5);
    ByteString[] b = fragments(2, 20);
    assertNull(reader.read(a[0]));
    assertNull(reader.read(b[0]));
    assertEquals(2, reader.openSequences());
    assertInstanceOf(Link.class, reader.read(b[1]));
    Link link = (Link) reader.read(a[1]);
    assertEquals(Atom.of("x@y"), link.from().node());
    assertEquals(8, link.to().id());
  }

  @Test
  void refusesAReferenceToAnEntryNeverSet() {
    ByteString frame = bytes(131, 68, 1, 0x00, 7, 104, 1, 82, 0);
    DistHeaderException e = assertThrows(DistHeaderException.class, () -> reader.read(frame));
    assertTrue(e.getMessage().contains("never set"), e.getMessage());
  }

  @Test
  void refusesAnAtomCacheReferenceBeyondTheHeadersList() throws Exception {
    seedCache();
    // One reference in the header; the term uses reference 1, which the last message had.
    ByteString frame = bytes(131, 68, 1, 0x04, 10, 104, 1, 82, 1);
    assertThrows(dev.peerl.codec.DecodeException.class, () -> reader.read(frame));
  }

  @Test
  void refusesAFragmentOutOfSequence() throws Exception {
    ByteString[] a = fragments(1, 5);
    assertNull(reader.read(a[0]));
    ByteString skipping = bytes(131, 70).concat(longBytes(1)).concat(longBytes(5));
    assertThrows(DistHeaderException.class, () -> reader.read(skipping));
  }

  @Test
  void refusesAFragmentOfASequenceNeverStarted() {
    ByteString[] a = fragments(9, 5);
    assertThrows(DistHeaderException.class, () -> reader.read(a[1]));
  }

  @Test
  void refusesFragmentsThatAddUpToMoreThanTheMaximum() throws Exception {
    DistFrameReader small = new DistFrameReader(new TermDecoder(), AtomCache.shared(), 100);
    ByteString start =
        bytes(131, 69).concat(longBytes(1)).concat(longBytes(3)).concat(bytes(0)).concat(zeros(60));
    ByteString more = bytes(131, 70).concat(longBytes(1)).concat(longBytes(2)).concat(zeros(60));
    assertNull(small.read(start));
    DistHeaderException e = assertThrows(DistHeaderException.class, () -> small.read(more));
    assertTrue(e.getMessage().contains("maximum of 100"), e.getMessage());
  }

  @Test
  void clearingDropsTheMessagesUnderWay() throws Exception {
    assertNull(reader.read(fragments(1, 5)[0]));
    assertTrue(reader.bufferedBytes() > 0);
    reader.clear();
    assertEquals(0, reader.openSequences());
    assertEquals(0, reader.bufferedBytes());
  }

  /**
   * A first fragment in two pieces (as when it spans two TCP reads) whose header of twenty new
   * 255-character atoms is longer than the part the reader copies to read a header.
   */
  @Test
  void readsAFirstFragmentWhoseLongHeaderSpansReads() throws Exception {
    int count = 20;
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(count);
    for (int i = 0; i < count / 2; i++) {
      header.write(0x88); // two new entries in segment 0
    }
    header.write(0x00); // short atom lengths
    for (int i = 0; i < count; i++) {
      header.write(i);
      header.write(255);
      header.writeBytes(("n".repeat(250) + (10_000 + i)).getBytes(StandardCharsets.US_ASCII));
    }
    ByteString body =
        bytes(104, 3, 97, 1)
            .concat(bytes(103, 82, 3, 0, 0, 0, 7, 0, 0, 0, 0, 2))
            .concat(bytes(103, 82, 19, 0, 0, 0, 8, 0, 0, 0, 0, 2));
    byte[] start =
        bytes(131, 69)
            .concat(longBytes(9))
            .concat(longBytes(2))
            .concat(ByteString.fromArray(header.toByteArray()))
            .concat(body.take(10))
            .toArray();
    ByteString twoReads =
        ByteString.fromArray(start, 0, 1000)
            .concat(ByteString.fromArray(start, 1000, start.length - 1000));
    ByteString last =
        bytes(131, 70).concat(longBytes(9)).concat(longBytes(1)).concat(body.drop(10));

    assertTrue(start.length > 5000, "the header must be longer than the reader's peek");
    assertNull(reader.read(twoReads));
    Link link = (Link) reader.read(last);
    assertEquals(Atom.of("n".repeat(250) + 10_003), link.from().node());
    assertEquals(Atom.of("n".repeat(250) + 10_019), link.to().node());
    assertEquals(8, link.to().id());
  }

  /** {@code message} as fragments of sequence {@code sequence}: its body cut at {@code cuts}. */
  private static List<ByteString> fragmented(long sequence, ControlMessage message, int... cuts) {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    int length = DistMessageCodec.writeBody(message, true, new TermEncoder(), buffer, 0);
    ByteString body = ByteString.fromArray(buffer.byteArray(), 0, length);
    List<ByteString> frames = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : length;
      long fragmentId = cuts.length + 1 - i;
      ByteString prefix =
          bytes(131, i == 0 ? 69 : 70).concat(longBytes(sequence)).concat(longBytes(fragmentId));
      if (i == 0) {
        prefix = prefix.concat(bytes(0)); // no atom cache references
      }
      frames.add(prefix.concat(body.slice(from, to)).compact());
      from = to;
    }
    return frames;
  }

  private static ControlMessage largeMessage(int binarySize) {
    byte[] data = new byte[binarySize];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    Pid from = new Pid(Atom.of("x@y"), 1, 0, 2);
    Pid to = new Pid(Atom.of("a@b"), 2, 0, 3);
    return new SendSender(from, to, Tuple.of(Atom.of("msg"), Binary.of(data)));
  }

  private static int[] evenCuts(int length, int size) {
    int[] cuts = new int[(length - 1) / size];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (i + 1) * size;
    }
    return cuts;
  }

  private ControlMessage readAll(DistFrameReader into, List<ByteString> frames) throws Exception {
    ControlMessage message = null;
    for (int i = 0; i < frames.size(); i++) {
      message = into.read(frames.get(i));
      assertEquals(i == frames.size() - 1, message != null, "fragment " + i);
    }
    return message;
  }

  @Test
  void reassemblesAMessageWhateverSizesItsFragmentsHave() throws Exception {
    ControlMessage message = largeMessage(20_000);
    int length = 20_000 + 60; // more than enough for the cuts below
    List<int[]> cutsList =
        List.of(
            evenCuts(20_000, 1000), // OTP's way: all but the last of one size
            new int[] {19_990}, // two fragments, the second the last
            new int[] {10}, // a tiny first fragment, then the rest
            new int[] {10, 20, 30, 5000}, // fragments that grow: the array must grow
            new int[] {5000, 5010, 5020}, // a large first, then small ones
            new int[] {100, 10_100, 10_200});
    for (int[] cuts : cutsList) {
      assertTrue(cuts[cuts.length - 1] < length);
      DistFrameReader fresh = new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1 << 20);
      assertEquals(
          message, readAll(fresh, fragmented(7, message, cuts)), Arrays.toString(cuts) + " cuts");
      assertEquals(0, fresh.openSequences());
      assertEquals(0, fresh.bufferedBytes());
      assertEquals(0, fresh.reservedBytes());
    }
  }

  @Test
  void reassemblesInterleavedFragmentedMessagesEachIntoItsOwnArray() throws Exception {
    ControlMessage one = largeMessage(5000);
    ControlMessage two = largeMessage(7000);
    List<ByteString> a = fragmented(1, one, evenCuts(5000, 1000));
    List<ByteString> b = fragmented(2, two, evenCuts(7000, 700));
    ControlMessage gotOne = null;
    ControlMessage gotTwo = null;
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < b.size()) {
        ControlMessage read = reader.read(b.get(i));
        gotTwo = read != null ? read : gotTwo;
      }
      if (i < a.size()) {
        ControlMessage read = reader.read(a.get(i));
        gotOne = read != null ? read : gotOne;
      }
    }
    assertEquals(one, gotOne);
    assertEquals(two, gotTwo);
    assertEquals(0, reader.reservedBytes());
  }

  @Test
  void fragmentCountsThatAPeerOnlyClaimsReserveAtMostOneMessageAhead() throws Exception {
    long max = 100_000;
    DistFrameReader bounded = new DistFrameReader(new TermDecoder(), AtomCache.shared(), max);
    for (long sequence = 1; sequence <= 50; sequence++) {
      // Each claims 1,000,000 fragments; the second one's 1,000 bytes would ask for a gigabyte.
      ByteString start =
          bytes(131, 69)
              .concat(longBytes(sequence))
              .concat(longBytes(1_000_000))
              .concat(bytes(0))
              .concat(zeros(10));
      ByteString next =
          bytes(131, 70).concat(longBytes(sequence)).concat(longBytes(999_999)).concat(zeros(1000));
      assertNull(bounded.read(start));
      assertNull(bounded.read(next));
      assertTrue(bounded.reservedBytes() <= max, bounded.reservedBytes() + " bytes reserved");
    }
    assertEquals(50 * 1010, bounded.bufferedBytes());
    bounded.clear();
    assertEquals(0, bounded.reservedBytes());
  }

  @Test
  void refusesAFragmentOutOfOrderAfterTheMessageGotItsArray() throws Exception {
    List<ByteString> frames = fragmented(3, largeMessage(5000), evenCuts(5000, 1000));
    assertNull(reader.read(frames.get(0)));
    assertNull(reader.read(frames.get(1)));
    DistHeaderException e =
        assertThrows(DistHeaderException.class, () -> reader.read(frames.get(3)));
    assertTrue(e.getMessage().contains("out of order"), e.getMessage());
  }

  /** {@code frame} as two reads would leave it: two pieces of two arrays, cut at {@code at}. */
  private static ByteString inTwoReads(ByteString frame, int at) {
    byte[] bytes = frame.toArray();
    return ByteString.fromArray(bytes, 0, at)
        .concat(ByteString.fromArray(bytes, at, bytes.length - at));
  }

  @Test
  void readsFramesAndFragmentsCutAtEveryPossibleReadBoundary() throws Exception {
    ControlMessage message = largeMessage(300);
    List<ByteString> fragments = fragmented(5, message, 100, 250);
    ByteString whole =
        bytes(131, 68, 0)
            .concat(fragments.get(0).drop(19))
            .concat(fragments.get(1).drop(18))
            .concat(fragments.get(2).drop(18));
    for (int at = 1; at < whole.size(); at++) {
      assertEquals(message, reader.read(inTwoReads(whole, at)), "a frame cut at " + at);
    }
    for (int i = 0; i < fragments.size(); i++) {
      for (int at = 1; at < fragments.get(i).size(); at++) {
        List<ByteString> cut = new ArrayList<>(fragments);
        cut.set(i, inTwoReads(fragments.get(i), at));
        DistFrameReader fresh = new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1 << 20);
        assertEquals(message, readAll(fresh, cut), "fragment " + i + " cut at " + at);
        assertEquals(0, fresh.reservedBytes());
      }
    }
  }

  private static ByteString firstFragment(long sequence, long fragments, int bodySize) {
    return bytes(131, 69)
        .concat(longBytes(sequence))
        .concat(longBytes(fragments))
        .concat(bytes(0))
        .concat(zeros(bodySize));
  }

  @Test
  void refusesAFirstFragmentThatWouldPassTheReassemblyBudgetBeforeBufferingIt() throws Exception {
    DistFrameReader budgeted =
        new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1000, 2500);
    assertNull(budgeted.read(firstFragment(1, 2, 900)));
    assertNull(budgeted.read(firstFragment(2, 2, 900)));
    ReassemblyLimitException e =
        assertThrows(ReassemblyLimitException.class, () -> budgeted.read(firstFragment(3, 2, 900)));
    assertTrue(e.getMessage().contains("limit of 2500 bytes"), e.getMessage());
    assertEquals(2500, e.limit());
    assertEquals(2, budgeted.openSequences());
    assertEquals(1800, budgeted.bufferedBytes());
  }

  @Test
  void refusesALaterFragmentThatWouldPassTheReassemblyBudget() throws Exception {
    DistFrameReader budgeted =
        new DistFrameReader(new TermDecoder(), AtomCache.shared(), 10_000, 3000);
    assertNull(budgeted.read(firstFragment(1, 3, 1000)));
    assertNull(budgeted.read(firstFragment(2, 3, 1000)));
    ByteString next = bytes(131, 70).concat(longBytes(1)).concat(longBytes(2)).concat(zeros(1001));
    assertThrows(ReassemblyLimitException.class, () -> budgeted.read(next));
    assertEquals(2000, budgeted.bufferedBytes());
  }

  @Test
  void countsTheRoomAllocatedAheadAgainstTheReassemblyBudget() throws Exception {
    long budget = 5000;
    DistFrameReader budgeted =
        new DistFrameReader(new TermDecoder(), AtomCache.shared(), 1_000_000, budget);
    // Claims a million fragments: its second fragment would size the array for a gigabyte.
    assertNull(budgeted.read(firstFragment(1, 1_000_000, 10)));
    ByteString next =
        bytes(131, 70).concat(longBytes(1)).concat(longBytes(999_999)).concat(zeros(1000));
    assertNull(budgeted.read(next));
    assertEquals(budget, budgeted.bufferedBytes() + budgeted.reservedBytes());
    // Its own next fragments fill the room it has; another message finds none.
    ByteString third =
        bytes(131, 70).concat(longBytes(1)).concat(longBytes(999_998)).concat(zeros(1000));
    assertNull(budgeted.read(third));
    assertThrows(ReassemblyLimitException.class, () -> budgeted.read(firstFragment(2, 2, 10)));
    assertEquals(budget, budgeted.bufferedBytes() + budgeted.reservedBytes());
  }

  @Test
  void aMessageAsLargeAsTheBudgetIsReassembledAndFreesItsShareWhenDone() throws Exception {
    ControlMessage message = largeMessage(5000);
    List<ByteString> frames = fragmented(4, message, evenCuts(5000, 1000));
    int size = frames.stream().mapToInt(f -> f.size() - 18).sum() - 1;
    DistFrameReader budgeted =
        new DistFrameReader(new TermDecoder(), AtomCache.shared(), size, size);
    for (int round = 0; round < 3; round++) {
      assertEquals(message, readAll(budgeted, frames));
      assertEquals(0, budgeted.bufferedBytes());
      assertEquals(0, budgeted.reservedBytes());
    }
  }
}
