package dev.peerl.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code term_to_binary} and {@code binary_to_term} on byte arrays, for when a buffer is not at
 * hand. The hot paths use {@link TermEncoder} and {@link TermDecoder} on reused buffers instead.
 */
public final class Etf {
  private static final TermEncoder ENCODER = new TermEncoder();

  private Etf() {}

  /** The term in the External Term Format, with the version byte, as {@code term_to_binary/1}. */
  public static byte[] termToBinary(Term term) {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    int length = ENCODER.encodeVersioned(term, buffer, 0);
    byte[] bytes = new byte[length];
    buffer.getBytes(0, bytes);
    return bytes;
  }

  /**
   * The term these bytes encode, as {@code binary_to_term/1}: the version byte first, compressed or
   * not, and nothing after the term.
   */
  public static Term binaryToTerm(byte[] bytes) throws DecodeException {
    return binaryToTerm(bytes, DecodeLimits.DEFAULT);
  }

  public static Term binaryToTerm(byte[] bytes, DecodeLimits limits) throws DecodeException {
    TermDecoder decoder = new TermDecoder(limits).wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    Term term = decoder.readVersionedTerm();
    if (decoder.remaining() != 0) {
      throw new DecodeException(
          decoder.position(), decoder.remaining() + " bytes after the end of the term");
    }
    return term;
  }
}
