package dev.peerl.testkit;

/** The {@code erl} process ended (or its stdin broke) while a test still needed it. */
public final class ErlangNodeExitedException extends ErlangTestKitException {
  ErlangNodeExitedException(String node, String detail, String recentOutput) {
    super("Erlang node " + node + " is gone: " + detail + recentOutput);
  }
}
