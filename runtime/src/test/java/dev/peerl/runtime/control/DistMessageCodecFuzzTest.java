package dev.peerl.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Coverage-guided fuzzing (Jazzer) of what a connection does with each inbound frame: {@link
 * DistMessageCodec#read} on the frame's bytes (the 4-byte length already cut off), with a decoder
 * like the connection's. Arbitrary bytes give a {@link ControlMessage} or one of the two failures
 * it documents, {@link DecodeException} and {@link ControlMessageException}, which close only that
 * connection; nothing else may escape. Whatever decodes must survive {@link DistMessageCodec#write}
 * (with and without DFLAG_EXIT_PAYLOAD) and decode to an equal message.
 *
 * <p>Inputs under {@code
 * src/test/resources/dev/peerl/runtime/control/DistMessageCodecFuzzTestInputs/} run in the normal
 * build; {@code scripts/fuzz.sh dist} fuzzes (docs/reliability.md).
 */
class DistMessageCodecFuzzTest {
  private final TermDecoder decoder = new TermDecoder();
  private final TermEncoder encoder = new TermEncoder();
  private final ExpandableArrayBuffer written = new ExpandableArrayBuffer(256);

  @FuzzTest
  void readsAControlMessageThatRoundTripsOrRefusesTheFrame(byte[] frame) {
    ControlMessage message;
    try {
      message = DistMessageCodec.read(decoder, new UnsafeBuffer(frame), 0, frame.length);
    } catch (DecodeException | ControlMessageException refused) {
      return;
    }
    for (boolean exitPayload : new boolean[] {false, true}) {
      int length = DistMessageCodec.write(message, exitPayload, encoder, written, 0);
      try {
        assertEquals(message, DistMessageCodec.read(decoder, written, 0, length));
      } catch (DecodeException | ControlMessageException e) {
        throw new AssertionError("the frame written for " + message + " does not read back", e);
      }
    }
  }
}
