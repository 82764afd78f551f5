package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;

/**
 * A spawn request to another node failed: the node answered an error ({@code badopt}, {@code
 * notsup}, {@code system_limit}) or the connection to it went down first ({@code noconnection}).
 */
public final class SpawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Atom node;
  private final transient Term reason;

  public SpawnException(Atom node, Term reason) {
    super("spawn request on " + node + " failed: " + reason);
    this.node = node;
    this.reason = reason;
  }

  /** The node asked to spawn. */
  public Atom node() {
    return node;
  }

  /** The error, as {@code spawn_request}'s {@code {spawn_reply, ReqId, error, Reason}} names it. */
  public Term reason() {
    return reason;
  }
}
