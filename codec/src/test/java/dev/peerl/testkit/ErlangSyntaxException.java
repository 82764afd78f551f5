package dev.peerl.testkit;

/** The expression did not scan or parse; the message is Erlang's own, with line and column. */
public final class ErlangSyntaxException extends ErlangTestKitException {
  ErlangSyntaxException(String node, String expression, String erlangMessage) {
    super(
        "`" + expression + "` is not a valid Erlang expression on " + node + ": " + erlangMessage);
  }
}
