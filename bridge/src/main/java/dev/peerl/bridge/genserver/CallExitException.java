package dev.peerl.bridge.genserver;

import dev.peerl.codec.Term;

/** The server exited with {@link #reason()} before it replied (it crashed or stopped). */
public final class CallExitException extends CallException {
  private static final long serialVersionUID = 1L;

  public CallExitException(ServerRef server, Term reason) {
    super(server, reason, server + " exited with " + reason);
  }
}
