package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import java.util.Objects;

/**
 * A connection to another node came up or went down, as {@code net_kernel:monitor_nodes/1} reports
 * them. Subscribe with {@link ErlangNode#monitorNodes}.
 */
public sealed interface NodeEvent {
  /** The node that came up or went down. */
  Atom node();

  /** A connection to {@code node} finished its handshake. */
  record NodeUp(Atom node) implements NodeEvent {
    public NodeUp {
      Objects.requireNonNull(node, "node");
    }
  }

  /**
   * The connection to {@code node} ended.
   *
   * @param reason OTP's {@code nodedown_reason}: {@code connection_closed}, {@code
   *     net_tick_timeout}, {@code disconnect} (closed by this node) or {@code connection_failure}
   *     (malformed input or another error on the connection)
   * @param detail what happened, for people
   */
  record NodeDown(Atom node, Atom reason, String detail) implements NodeEvent {
    public static final Atom CONNECTION_CLOSED = Atom.of("connection_closed");
    public static final Atom NET_TICK_TIMEOUT = Atom.of("net_tick_timeout");
    public static final Atom DISCONNECT = Atom.of("disconnect");
    public static final Atom CONNECTION_FAILURE = Atom.of("connection_failure");

    public NodeDown {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
