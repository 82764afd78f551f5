package dev.peerl.runtime.node;

import dev.peerl.runtime.control.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trace of every control message a node sends and receives, switched on per node by {@code
 * peerl.distribution.trace-control-messages} and written at DEBUG to its own logger, so that it can
 * be routed apart from the node's other logs.
 */
final class ControlTrace {
  static final Logger LOG = LoggerFactory.getLogger("dev.peerl.runtime.trace");

  private final String node;
  private final boolean enabled;

  ControlTrace(String node, boolean enabled) {
    this.node = node;
    this.enabled = enabled;
  }

  void sent(String peer, ControlMessage message) {
    if (enabled && LOG.isDebugEnabled()) {
      LOG.debug("[{}] {} -> {}", peer, node, message);
    }
  }

  void received(String peer, ControlMessage message) {
    if (enabled && LOG.isDebugEnabled()) {
      LOG.debug("[{}] {} <- {}", peer, node, message);
    }
  }
}
