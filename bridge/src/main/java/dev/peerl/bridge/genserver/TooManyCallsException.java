package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;

/**
 * The caller already has as many calls under way as it may ({@code
 * peerl.bridge.max-pending-calls}): the call fails at once, nothing is sent, and its reason is
 * {@code system_limit}, Erlang's name for a resource limit. Calls that complete make room.
 */
public final class TooManyCallsException extends CallException {
  private static final long serialVersionUID = 1L;

  private static final Atom SYSTEM_LIMIT = Atom.of("system_limit");

  private final int limit;

  public TooManyCallsException(ServerRef server, int limit) {
    super(
        server,
        SYSTEM_LIMIT,
        "call to " + server + " refused: " + limit + " calls are under way, the limit");
    this.limit = limit;
  }

  /** The most calls that may be under way at once. */
  public int limit() {
    return limit;
  }
}
