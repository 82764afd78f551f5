package dev.peerl.runtime.connection;

/**
 * The TLS settings cannot be used: a required setting is missing, or a key store, certificate or
 * key file cannot be read. The message names the setting or the file; the node does not start.
 */
public final class TlsConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A setting is missing or wrong. */
  public TlsConfigurationException(String message) {
    super(message);
  }

  /** A file cannot be read or used, for {@code cause}. */
  public TlsConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
