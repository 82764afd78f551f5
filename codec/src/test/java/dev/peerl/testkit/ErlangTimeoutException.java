package dev.peerl.testkit;

import java.time.Duration;

/** An Erlang node or tool did not answer within its deadline. */
public final class ErlangTimeoutException extends ErlangTestKitException {
  private final transient Duration timeout;

  ErlangTimeoutException(String what, Duration timeout, String recentOutput) {
    super(what + " within " + timeout + recentOutput);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
