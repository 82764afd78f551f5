package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Tuple;

/**
 * The server's node could not be reached or went down during the call ({@code {nodedown, Node}}).
 */
public final class NodeDownException extends CallException {
  private static final long serialVersionUID = 1L;

  private final transient Atom node;

  public NodeDownException(ServerRef server) {
    super(
        server,
        Tuple.of(Atom.of("nodedown"), server.node()),
        "node " + server.node() + " of " + server + " is down");
    this.node = server.node();
  }

  /** The node that went down. */
  public Atom node() {
    return node;
  }
}
