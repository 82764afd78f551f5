package dev.peerl.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peerl.codec.AtomCache;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.util.ByteString;

/**
 * Coverage-guided fuzzing (Jazzer) of a connection's inbound frames as a sequence, through the
 * {@link DistFrameReader} a connection keeps for its life: the atom cache that one frame's header
 * fills and later frames reference, and fragmented messages that arrive in several frames and
 * interleave. The input is cut into frames, each a 2-byte big-endian length and that many bytes (an
 * empty frame is a tick, which never reaches the reader); the reader runs until the input ends or
 * until it refuses a frame with one of the failures it documents ({@link DecodeException}, {@link
 * ControlMessageException}, {@link DistHeaderException}), which close that connection. Nothing else
 * may escape; the memory held for unfinished messages stays within the reader's bounds after every
 * frame and is all released by {@link DistFrameReader#clear()}; whatever message a frame completes
 * writes and reads back equal in the pass-through form.
 *
 * <p>Inputs under {@code
 * src/test/resources/dev/peerl/runtime/control/DistFrameReaderFuzzTestInputs/} run in the normal
 * build; {@code scripts/fuzz.sh frames} fuzzes (docs/reliability.md).
 */
class DistFrameReaderFuzzTest {
  /** Small, so that fuzzed fragments reach the limits. */
  private static final long MAX_MESSAGE_SIZE = 1 << 16;

  private static final int MAX_FRAMES = 256;

  private final TermDecoder decoder = new TermDecoder();
  private final TermEncoder encoder = new TermEncoder();
  private final ExpandableArrayBuffer written = new ExpandableArrayBuffer(256);

  @FuzzTest
  void readsFramesIntoMessagesOrRefusesOneAndHoldsBoundedMemory(byte[] input) {
    DistFrameReader reader =
        new DistFrameReader(new TermDecoder(), new AtomCache(256), MAX_MESSAGE_SIZE);
    int at = 0;
    for (int frames = 0; frames < MAX_FRAMES && at + 2 <= input.length; frames++) {
      int length =
          Math.min(((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF), input.length - at - 2);
      ByteString frame = ByteString.fromArray(input, at + 2, length);
      at += 2 + length;
      if (length == 0) {
        continue;
      }
      ControlMessage message;
      try {
        message = reader.read(frame);
      } catch (DecodeException | ControlMessageException | DistHeaderException refused) {
        break;
      }
      assertTrue(
          reader.openSequences() <= DistFrameReader.MAX_OPEN_SEQUENCES,
          () -> reader.openSequences() + " open sequences");
      assertTrue(
          reader.bufferedBytes() >= 0
              && reader.bufferedBytes() <= MAX_MESSAGE_SIZE * DistFrameReader.MAX_OPEN_SEQUENCES,
          () -> reader.bufferedBytes() + " bytes buffered");
      assertTrue(
          reader.reservedBytes() >= 0 && reader.reservedBytes() <= MAX_MESSAGE_SIZE,
          () -> reader.reservedBytes() + " bytes reserved ahead");
      if (message != null) {
        assertRoundTrips(message);
      }
    }
    reader.clear();
    assertEquals(0, reader.openSequences());
    assertEquals(0, reader.bufferedBytes());
    assertEquals(0, reader.reservedBytes());
  }

  private void assertRoundTrips(ControlMessage message) {
    int length = DistMessageCodec.write(message, true, encoder, written, 0);
    try {
      assertEquals(message, DistMessageCodec.read(decoder, written, 0, length));
    } catch (DecodeException | ControlMessageException e) {
      throw new AssertionError("the frame written for " + message + " does not read back", e);
    }
  }
}
