package dev.peerl.runtime.control;

import dev.peerl.codec.DecodeException;
import dev.peerl.codec.EtfTags;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The content of one distribution frame (after the 4-byte length) without the atom cache:
 *
 * <pre>
 *   +-----+-----+-----------------+-----+------------------------+
 *   | 112 | 131 | control tuple   | 131 | payload (if op has one)|
 *   +-----+-----+-----------------+-----+------------------------+
 *    'p'   a versioned term        a versioned term
 * </pre>
 *
 * When DIST_HDR_ATOM_CACHE is negotiated a distribution header replaces the {@code 112} and the
 * terms lose their version bytes ({@link #writeBody}, {@link DistHeader}, {@link DistFrameReader});
 * a frame in that format is refused here.
 */
public final class DistMessageCodec {
  /** The first byte of a frame without a distribution header. */
  public static final int PASS_THROUGH = 112;

  private DistMessageCodec() {}

  /**
   * Reads the control message in {@code buffer[offset, offset + length)} with the connection's
   * decoder (its limits and atom cache).
   */
  public static ControlMessage read(
      TermDecoder decoder, DirectBuffer buffer, int offset, int length)
      throws DecodeException, ControlMessageException {
    if (length < 1) {
      throw new ControlMessageException("empty distribution frame");
    }
    int first = buffer.getByte(offset) & 0xFF;
    if (first != PASS_THROUGH) {
      throw new ControlMessageException(
          first == EtfTags.VERSION
              ? "distribution header (131, "
                  + (length > 1 ? buffer.getByte(offset + 1) & 0xFF : -1)
                  + ") without DIST_HDR_ATOM_CACHE/FRAGMENTS negotiated"
              : "frame starts with " + first + ", expected 112 ('p')");
    }
    decoder.wrap(buffer, offset + 1, length - 1);
    Term control = decoder.readVersionedTerm();
    Term payload = decoder.remaining() > 0 ? decoder.readVersionedTerm() : null;
    if (decoder.remaining() != 0) {
      throw new ControlMessageException(decoder.remaining() + " bytes after the payload");
    }
    return ControlCodec.decode(control, payload);
  }

  /**
   * Writes the frame content of {@code message} at {@code offset} (no length prefix) and returns
   * its length. {@code exitPayload}: whether DFLAG_EXIT_PAYLOAD was negotiated.
   */
  public static int write(
      ControlMessage message,
      boolean exitPayload,
      TermEncoder encoder,
      MutableDirectBuffer buffer,
      int offset) {
    ControlCodec.Encoded encoded = ControlCodec.encode(message, exitPayload);
    buffer.putByte(offset, (byte) PASS_THROUGH);
    int length = 1 + encoder.encodeVersioned(encoded.control(), buffer, offset + 1);
    if (encoded.payload() != null) {
      length += encoder.encodeVersioned(encoded.payload(), buffer, offset + length);
    }
    return length;
  }

  /**
   * Writes the control message and payload of {@code message} at {@code offset} without version
   * bytes, as they follow a distribution header, and returns their length. The atoms that {@code
   * encoder}'s refs accept become atom cache references.
   */
  public static int writeBody(
      ControlMessage message,
      boolean exitPayload,
      TermEncoder encoder,
      MutableDirectBuffer buffer,
      int offset) {
    ControlCodec.Encoded encoded = ControlCodec.encode(message, exitPayload);
    int length = encoder.encode(encoded.control(), buffer, offset);
    if (encoded.payload() != null) {
      length += encoder.encode(encoded.payload(), buffer, offset + length);
    }
    return length;
  }
}
