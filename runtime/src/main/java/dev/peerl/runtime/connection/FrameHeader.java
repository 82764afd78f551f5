package dev.peerl.runtime.connection;

import java.nio.ByteBuffer;
import org.apache.pekko.util.ByteString;

/**
 * The big-endian length prefix in front of every message on a distribution connection
 * (erl_dist_protocol, "Distribution Handshake" and "Protocol between Connected Nodes").
 *
 * <pre>
 *   handshake:   | Length:16 | Message (Length bytes) |
 *   connected:   | Length:32 | Frame (Length bytes)   |    Length 0 = a tick
 * </pre>
 */
public enum FrameHeader {
  /** Two bytes: every handshake message, up to and including challenge_ack. */
  HANDSHAKE(2),
  /** Four bytes: every frame after the handshake; a zero length is a tick. */
  CONNECTED(4);

  private final int size;

  FrameHeader(int size) {
    this.size = size;
  }

  /** The number of bytes of the prefix. */
  public int size() {
    return size;
  }

  /** The largest length this prefix can express. */
  public long maxLength() {
    return (1L << (8 * size)) - 1;
  }

  /**
   * Reads the unsigned length at the start of {@code bytes}, which must hold at least {@link
   * #size()} bytes.
   */
  public long readLength(ByteString bytes) {
    long length = 0;
    for (int i = 0; i < size; i++) {
      length = (length << 8) | (bytes.apply(i) & 0xFF);
    }
    return length;
  }

  /**
   * Prefixes {@code payload} with its length.
   *
   * @throws IllegalArgumentException if the payload is longer than this prefix can express
   */
  public ByteString prepend(ByteString payload) {
    long length = payload.size();
    if (length > maxLength()) {
      throw new IllegalArgumentException(
          "a payload of " + length + " bytes does not fit a " + size + "-byte length prefix");
    }
    // A small payload is copied behind its prefix into one array: cheaper than the rope (a Scala
    // Vector) that concat builds, and one piece for the socket write. A large one is not copied.
    boolean small = length <= COPY_LIMIT;
    byte[] bytes = new byte[small ? size + (int) length : size];
    for (int i = size - 1; i >= 0; i--) {
      bytes[i] = (byte) length;
      length >>>= 8;
    }
    if (small) {
      payload.copyToBuffer(ByteBuffer.wrap(bytes, size, payload.size()));
      return ByteString.fromArrayUnsafe(bytes);
    }
    return ByteString.fromArrayUnsafe(bytes).concat(payload);
  }

  /** Payloads up to this size are copied behind their prefix rather than concatenated. */
  public static final int COPY_LIMIT = 4096;
}
