package dev.peerl.testkit;

/**
 * Something went wrong between a test and a real {@code erl} node. The subclasses say what; this
 * class itself is thrown only for failures that fit none of them, such as an interrupted wait.
 */
public class ErlangTestKitException extends RuntimeException {
  public ErlangTestKitException(String message) {
    super(message);
  }

  public ErlangTestKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
