package dev.peerl.runtime.connection;

import org.apache.pekko.stream.scaladsl.Framing;

/**
 * A length prefix announced more bytes than the configured maximum. Raised as soon as the prefix is
 * read, before any of the payload is buffered, so a peer cannot make us allocate what it claims.
 */
public final class FrameTooLargeException extends Framing.FramingException {
  private static final long serialVersionUID = 1L;

  private final long length;
  private final long maxLength;

  public FrameTooLargeException(long length, long maxLength) {
    super("a frame of " + length + " bytes exceeds the maximum of " + maxLength + " bytes");
    this.length = length;
    this.maxLength = maxLength;
  }

  /** The length the prefix announced. */
  public long length() {
    return length;
  }

  /** The limit it exceeded. */
  public long maxLength() {
    return maxLength;
  }
}
