package dev.peerl.runtime.control;

/** A distribution message whose control tuple or payload does not make a valid control message. */
public final class ControlMessageException extends Exception {
  public ControlMessageException(String reason) {
    super(reason);
  }
}
