package dev.peerl.runtime.node;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessage.AliasSend;
import dev.peerl.runtime.control.ControlMessage.DemonitorP;
import dev.peerl.runtime.control.ControlMessage.Exit;
import dev.peerl.runtime.control.ControlMessage.Exit2;
import dev.peerl.runtime.control.ControlMessage.GroupLeader;
import dev.peerl.runtime.control.ControlMessage.Link;
import dev.peerl.runtime.control.ControlMessage.MonitorP;
import dev.peerl.runtime.control.ControlMessage.MonitorPExit;
import dev.peerl.runtime.control.ControlMessage.RegSend;
import dev.peerl.runtime.control.ControlMessage.Send;
import dev.peerl.runtime.control.ControlMessage.SendSender;
import dev.peerl.runtime.control.ControlMessage.SpawnReply;
import dev.peerl.runtime.control.ControlMessage.SpawnRequest;
import dev.peerl.runtime.control.ControlMessage.Unlink;
import dev.peerl.runtime.control.ControlMessage.UnlinkId;
import dev.peerl.runtime.control.ControlMessage.UnlinkIdAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what a connection decoded, in the connection's stream (no actor hop): messages to the
 * local process they name, and answers to the control messages that must not leave the peer
 * waiting.
 *
 * <p>Handled: SEND, SEND_SENDER, REG_SEND (and their trace-token variants, which decode to the same
 * records); ALIAS_SEND (to the owner of an active alias); GROUP_LEADER; LINK, UNLINK, UNLINK_ID
 * (acknowledged), EXIT, EXIT2, MONITOR_P, DEMONITOR_P and MONITOR_P_EXIT, applied by {@link
 * ProcessSignals} (a LINK or MONITOR_P of a process that does not exist is answered at once with
 * {@code noproc}, as erts does, so {@code gen_server:call} to a missing name fails fast);
 * SPAWN_REQUEST, served by {@link RemoteSpawns}; SPAWN_REPLY, to {@link SpawnRequests}. That is
 * every message {@link dev.peerl.runtime.control.ControlCodec} decodes: an op it does not know
 * closes the connection before it gets here, as erts's {@code dist.c} kills a connection that sends
 * an invalid distribution message.
 */
final class InboundRouter {
  private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);

  private final ErlangNode node;
  private final ProcessSignals signals;
  private final RemoteSpawns spawns;
  private final SpawnRequests spawnRequests;

  InboundRouter(
      ErlangNode node, ProcessSignals signals, RemoteSpawns spawns, SpawnRequests spawnRequests) {
    this.node = node;
    this.signals = signals;
    this.spawns = spawns;
    this.spawnRequests = spawnRequests;
  }

  void route(Connection from, ControlMessage message) {
    node.trace().received(from.peer(), message);
    if (message instanceof SendSender m) {
      toPid(from, m.to(), m.message());
    } else if (message instanceof Send m) {
      toPid(from, m.to(), m.message());
    } else if (message instanceof RegSend m) {
      if (!node.deliver(m.toName(), m.message())) {
        undeliverable(from, m.toName(), m.message());
      }
    } else if (message instanceof AliasSend m) {
      if (!signals.deliver(m.alias(), m.message())) {
        undeliverable(from, m.alias(), m.message());
      }
    } else if (message instanceof GroupLeader m) {
      signals.onGroupLeader(m);
    } else if (message instanceof MonitorP m) {
      signals.onMonitor(from, m);
    } else if (message instanceof DemonitorP m) {
      signals.onDemonitor(m);
    } else if (message instanceof MonitorPExit m) {
      signals.onMonitorExit(from, m);
    } else if (message instanceof Link m) {
      signals.onLink(from, m);
    } else if (message instanceof UnlinkId m) {
      signals.onUnlinkId(from, m);
    } else if (message instanceof Unlink m) {
      signals.onUnlink(from, m);
    } else if (message instanceof UnlinkIdAck) {
      // Our UNLINK_ID was applied; the link was already gone on this side.
      return;
    } else if (message instanceof Exit m) {
      signals.onExit(m);
    } else if (message instanceof Exit2 m) {
      signals.onExit2(m);
    } else if (message instanceof SpawnRequest m) {
      spawns.onSpawnRequest(from, m);
    } else if (message instanceof SpawnReply m) {
      spawnRequests.onReply(from, m);
    } else {
      LOG.info("[{}] control message not handled yet, ignored: {}", from.peer(), message);
    }
  }

  private void toPid(Connection from, Pid to, Term body) {
    if (!node.deliver(to, body)) {
      undeliverable(from, to, body);
    }
  }

  /** As erts: a message to a process that does not exist is dropped without a word to the peer. */
  private static void undeliverable(Connection from, Term to, Term body) {
    from.undeliverable.incrementAndGet();
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] message to {}, which does not exist, dropped: {}", from.peer(), to, body);
    }
  }
}
