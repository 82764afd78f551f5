package dev.peerl.codec;

/**
 * The bytes are not a valid term, or break a configured limit. The only exception the decoder
 * throws for bad input; {@link #offset()} is where in the buffer the problem was found.
 */
public final class DecodeException extends Exception {
  private final int offset;
  private final String reason;

  public DecodeException(int offset, String reason) {
    super("bad term at offset " + offset + ": " + reason);
    this.offset = offset;
    this.reason = reason;
  }

  public DecodeException(int offset, String reason, Throwable cause) {
    super("bad term at offset " + offset + ": " + reason, cause);
    this.offset = offset;
    this.reason = reason;
  }

  /** Where the problem was found, as an absolute index into the decoded buffer. */
  public int offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }
}
