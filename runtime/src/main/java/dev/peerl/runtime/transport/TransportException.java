package dev.peerl.runtime.transport;

/**
 * A connection's socket failed: it could not be connected, or reading or writing it failed (the
 * peer reset it, the network went away). The connection ends; nothing else does.
 */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TransportException(String message, Exception cause) {
    super(message + ": " + describe(cause), cause);
  }

  private static String describe(Exception cause) {
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
