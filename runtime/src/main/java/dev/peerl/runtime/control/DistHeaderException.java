package dev.peerl.runtime.control;

/**
 * A distribution header ({@code 131, 68/69/70}) that cannot be obeyed: a reference to an atom cache
 * entry never set, a fragment out of its sequence, a message larger than the limit. The connection
 * that sent it is closed; the peer's other messages are not trusted after it.
 */
public class DistHeaderException extends Exception {
  private static final long serialVersionUID = 1L;

  public DistHeaderException(String reason) {
    super(reason);
  }
}
