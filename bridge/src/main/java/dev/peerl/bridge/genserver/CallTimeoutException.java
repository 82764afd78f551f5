package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;
import java.time.Duration;

/** No reply came within the call's timeout ({@code timeout}); a late reply is dropped. */
public final class CallTimeoutException extends CallException {
  private static final long serialVersionUID = 1L;

  public CallTimeoutException(ServerRef server, Duration timeout) {
    super(server, Atom.of("timeout"), "no reply from " + server + " within " + timeout);
  }
}
