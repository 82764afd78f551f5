package dev.peerl.runtime.node;

import dev.peerl.runtime.handshake.HandshakeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node name to its one connection. Senders look connections up without a lock; every change (a new
 * dial, an acceptor's decision, a connection coming up or ending) is synchronized, so the rules
 * below see one consistent table.
 *
 * <h2>An incoming handshake (OTP's {@code dist_util:mark_pending} and {@code net_kernel})</h2>
 *
 * <ul>
 *   <li>no connection to that node: {@code ok}, and the incoming connection is the node's;
 *   <li>our own dial to that node is still in its handshake (a simultaneous connect): the larger
 *       node name wins, compared as OTP compares the atoms. If ours is larger we answer {@code nok}
 *       and our dial goes on (the peer answers it {@code ok_simultaneous}); else we answer {@code
 *       ok_simultaneous}, abandon our dial and hand what waited in it to the incoming one;
 *   <li>a connection that is up: {@code alive}. If the peer goes on (its side of the old connection
 *       is gone, say it restarted), the new connection replaces the old one when its handshake
 *       completes: nodedown for the old, then nodeup;
 *   <li>another incoming handshake from the same name: {@code nok}.
 * </ul>
 */
final class ConnectionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final String localNode;
  private final ConcurrentHashMap<String, Connection> byNode = new ConcurrentHashMap<>();
  // Incoming connections answered alive, in their handshake, each to replace the node's connection
  // that is up (the peer restarted): until the replacement is up, its own messages can arrive and
  // be answered before byNode names it.
  private final ConcurrentHashMap<String, Connection> replacing = new ConcurrentHashMap<>();

  ConnectionRegistry(String localNode) {
    this.localNode = localNode;
  }

  /** The connection to {@code node}, if there is one (up or in its handshake). */
  Connection get(String node) {
    return byNode.get(node);
  }

  /**
   * The connection to {@code node}, dialled with {@code dial} if there is none. {@code dial} runs
   * under the lock, so its connection has its actor before anyone can see it.
   */
  Connection getOrDial(String node, Function<String, Connection> dial) {
    Connection existing = byNode.get(node);
    if (existing != null) {
      return existing;
    }
    Connection created;
    synchronized (this) {
      existing = byNode.get(node);
      if (existing != null) {
        return existing;
      }
      created = dial.apply(node);
      byNode.put(node, created);
    }
    return created;
  }

  /** The status an acceptor answers {@code peer}'s send_name with; see the class comment. */
  synchronized HandshakeStatus decideIncoming(Connection incoming, String peer) {
    incoming.named(peer);
    Connection existing = byNode.get(peer);
    if (existing == null) {
      byNode.put(peer, incoming);
      return HandshakeStatus.OK;
    }
    if (existing.isUp()) {
      incoming.replaces(existing);
      replacing.put(peer, incoming);
      return HandshakeStatus.ALIVE;
    }
    if (existing.direction == Connection.Direction.OUTBOUND && !existing.isClosed()) {
      if (localNode.compareTo(peer) > 0) {
        LOG.debug("[{}] simultaneous connect: our own attempt wins, answering nok", peer);
        return HandshakeStatus.NOK;
      }
      LOG.debug("[{}] simultaneous connect: the peer's attempt wins, dropping ours", peer);
      byNode.put(peer, incoming);
      existing.forwardTo(incoming);
      ConnectionActor.close(existing, "lost a simultaneous connect");
      return HandshakeStatus.OK_SIMULTANEOUS;
    }
    if (existing.isClosed()) {
      byNode.put(peer, incoming);
      return HandshakeStatus.OK;
    }
    return HandshakeStatus.NOK;
  }

  /** {@code connection}'s handshake completed; returns the connection it replaced, if any. */
  synchronized Connection up(Connection connection) {
    Connection old = connection.replaces();
    if (old != null) {
      connection.replaces(null);
      byNode.put(connection.peer(), connection);
    }
    // Only once the table names it: a sender that no longer finds the replacement here then finds
    // it there (ErlangNode.remoteConnection(Pid) reads the two without this lock).
    if (connection.peer() != null) {
      replacing.remove(connection.peer(), connection);
    }
    return old;
  }

  /** Forgets {@code connection} if it is still the one of its node; whether it was. */
  synchronized boolean remove(Connection connection) {
    String peer = connection.peer();
    if (peer != null) {
      replacing.remove(peer, connection);
    }
    return peer != null && byNode.remove(peer, connection);
  }

  /**
   * The incoming connection in its handshake that will replace the connection to {@code node} that
   * is up (the peer restarted and dialled us again), if there is one.
   */
  Connection replacement(String node) {
    return replacing.get(node);
  }

  /** Every connection, in its handshake or up. */
  List<Connection> all() {
    return new ArrayList<>(byNode.values());
  }
}
