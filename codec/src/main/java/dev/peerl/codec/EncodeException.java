package dev.peerl.codec;

/** A term cannot be encoded: it breaks a limit of the format or of the encoder. */
public final class EncodeException extends RuntimeException {
  public EncodeException(String message) {
    super(message);
  }
}
