package dev.peerl.epmd;

/**
 * Why the embedded server closed a client connection. {@code abuse} tells expected trouble (a
 * client that went away mid-request) from input no honest EPMD client sends, for the log level.
 */
final class InvalidRequestException extends RuntimeException {
  private final boolean abuse;

  InvalidRequestException(String reason, boolean abuse) {
    super(reason, null, false, false);
    this.abuse = abuse;
  }

  boolean abuse() {
    return abuse;
  }
}
