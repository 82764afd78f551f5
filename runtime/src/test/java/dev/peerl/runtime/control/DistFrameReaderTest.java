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
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage.Link;
import dev.peerl.runtime.control.ControlMessage.RegSend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
}
