package dev.peerl.runtime.connection;

import org.apache.pekko.util.ByteString;

/**
 * Cuts length-prefixed frames out of a byte stream that arrives in arbitrary pieces. One reader
 * belongs to one connection and one stage; it is not thread-safe.
 *
 * <p>The length is checked against the limit as soon as its prefix is complete, before the reader
 * waits for (and so buffers) the payload: at most one incoming chunk is ever held beyond the limit.
 * Frames are slices of the input and may share its arrays.
 */
public final class FrameReader {
  private static final long HEADER_NOT_READ = -1;
  // A frame is decoded from one array, so it cannot be longer than the JVM's arrays, whatever the
  // limit says (a buffer that can never complete a frame would grow until the heap runs out).
  private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

  private final FrameHeader header;
  private final long maxFrameLength;
  private ByteString buffer = ByteString.emptyByteString();
  private long frameLength = HEADER_NOT_READ;

  /**
   * @param maxFrameLength the largest payload accepted, not counting the prefix
   * @throws IllegalArgumentException if the limit is negative or beyond what the prefix can express
   */
  public FrameReader(FrameHeader header, long maxFrameLength) {
    if (maxFrameLength < 0 || maxFrameLength > header.maxLength()) {
      throw new IllegalArgumentException(
          "maxFrameLength must be within 0.." + header.maxLength() + ", not " + maxFrameLength);
    }
    this.header = header;
    this.maxFrameLength = maxFrameLength;
  }

  /** Adds bytes received from the peer. */
  public void append(ByteString bytes) {
    buffer = buffer.concat(bytes);
  }

  /**
   * Whether a whole frame is buffered.
   *
   * @throws FrameTooLargeException as soon as a prefix announces more than the limit
   */
  public boolean hasFrame() {
    if (frameLength == HEADER_NOT_READ) {
      if (buffer.size() < header.size()) {
        return false;
      }
      long length = header.readLength(buffer);
      if (length > maxFrameLength || length > LARGEST_ARRAY) {
        throw new FrameTooLargeException(length, Math.min(maxFrameLength, LARGEST_ARRAY));
      }
      frameLength = length;
    }
    return buffer.size() - header.size() >= frameLength;
  }

  /**
   * Takes the next whole frame, without its prefix.
   *
   * @throws IllegalStateException if {@link #hasFrame()} is false
   */
  public ByteString nextFrame() {
    if (!hasFrame()) {
      throw new IllegalStateException("no whole frame is buffered");
    }
    int end = header.size() + (int) frameLength;
    ByteString frame = buffer.slice(header.size(), end);
    buffer = buffer.drop(end);
    frameLength = HEADER_NOT_READ;
    return frame;
  }

  /** Takes every byte buffered and not yet returned as a frame, prefix included, and resets. */
  public ByteString drain() {
    ByteString rest = buffer;
    buffer = ByteString.emptyByteString();
    frameLength = HEADER_NOT_READ;
    return rest;
  }

  /** The number of bytes buffered and not yet returned as a frame. */
  public int bufferedBytes() {
    return buffer.size();
  }
}
