package dev.peerl.runtime.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the connections other nodes have open to this one, from accept until the connection has
 * ended, and refuses one more than {@code peerl.distribution.max-inbound-connections}: a peer (or
 * anyone who can reach the port) cannot make the node hold an unbounded number of sockets, streams
 * and handshakes. Connections already open are not touched.
 */
final class InboundLimit {
  private static final Logger LOG = LoggerFactory.getLogger(InboundLimit.class);
  // A flood of refusals must not flood the log: the first and every 1000th at WARN.
  private static final long REFUSAL_LOG_EVERY = 1000;

  private final String node;
  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  InboundLimit(String node, int max) {
    this.node = node;
    this.max = max;
  }

  /**
   * Whether a connection from {@code address} may be accepted; if so, {@link #release} must follow
   * when it ends. A refusal is counted and logged.
   */
  boolean tryAcquire(Object address) {
    if (open.incrementAndGet() <= max) {
      return true;
    }
    open.decrementAndGet();
    long count = refused.incrementAndGet();
    if (count == 1 || count % REFUSAL_LOG_EVERY == 0) {
      LOG.warn(
          "[{}] incoming connection from {} refused: {} connections from other nodes are open, the"
              + " limit (peerl.distribution.max-inbound-connections); {} refused so far",
          node,
          address,
          max,
          count);
    } else {
      LOG.debug("[{}] incoming connection from {} refused: {} are open", node, address, max);
    }
    return false;
  }

  /** An accepted connection has ended. */
  void release() {
    open.decrementAndGet();
  }

  /** Connections from other nodes open now. */
  int open() {
    return open.get();
  }

  /** Connections refused since the node started. */
  long refused() {
    return refused.get();
  }
}
