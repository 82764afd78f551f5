package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessage.DemonitorP;
import dev.peerl.runtime.control.ControlMessage.Exit;
import dev.peerl.runtime.control.ControlMessage.Exit2;
import dev.peerl.runtime.control.ControlMessage.GroupLeader;
import dev.peerl.runtime.control.ControlMessage.Link;
import dev.peerl.runtime.control.ControlMessage.MonitorP;
import dev.peerl.runtime.control.ControlMessage.MonitorPExit;
import dev.peerl.runtime.control.ControlMessage.SpawnReply;
import dev.peerl.runtime.control.ControlMessage.Unlink;
import dev.peerl.runtime.control.ControlMessage.UnlinkId;
import dev.peerl.runtime.control.ControlMessage.UnlinkIdAck;
import dev.peerl.runtime.node.LocalProcess.Death;
import dev.peerl.runtime.node.LocalProcess.Monitored;
import dev.peerl.runtime.node.LocalProcess.Watcher;
import dev.peerl.runtime.node.ProcessBehavior.Signal;
import dev.peerl.runtime.process.AliasMode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessMessage.Down;
import dev.peerl.runtime.process.ProcessNotAliveException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links, exit signals and monitors, local and remote, with Erlang's semantics (see {@code
 * docs/runtime.md}). Each process's state is its {@link LocalProcess}; links and monitors with
 * other nodes are also indexed by node in {@link RemoteIndex}, for nodedown.
 */
final class ProcessSignals {
  private final ErlangNode node;
  private final RemoteIndex remote = new RemoteIndex();
  private final Aliases aliases = new Aliases();
  private final AtomicLong refs = new AtomicLong();
  private final AtomicLong unlinkIds = new AtomicLong();
  // The third word tells this incarnation's references from those of a node that reused the
  // name and creation (a restart with EPMD's creation reset), as erts's do.
  private final int refSalt = ThreadLocalRandom.current().nextInt();

  ProcessSignals(ErlangNode node) {
    this.node = node;
  }

  private Optional<LocalProcess> local(Pid pid) {
    return node.table().lookup(pid);
  }

  private boolean isLocal(Pid pid) {
    return pid.node().equals(node.nodeName());
  }

  private LocalProcess self(Pid self) {
    return local(self).orElseThrow(() -> new ProcessNotAliveException(self));
  }

  /** The sizes of the node's tables of processes, aliases and remote links and monitors. */
  TableSizes sizes(int pids, int names) {
    int[] remoteSizes = remote.sizes();
    return new TableSizes(
        pids, names, aliases.size(), remoteSizes[0], remoteSizes[1], remoteSizes[2]);
  }

  Ref newRef() {
    long n = refs.incrementAndGet();
    return Ref.of(node.nodeName(), node.creation(), (int) (n & 0x3FFFF), (int) (n >>> 18), refSalt);
  }

  // ---- what a process does ----

  void trapExit(Pid self, boolean trap) {
    self(self).trapExit(trap);
  }

  void stop(Pid self, Term reason) {
    self(self).tell(new ProcessBehavior.Stop(reason));
  }

  void link(Pid self, Pid other) {
    LocalProcess me = self(self);
    if (other.equals(self)) {
      return;
    }
    if (isLocal(other)) {
      // Our side first: the target may die as soon as it holds the link, and its exit signal
      // then needs our side to act.
      me.link(other);
      Optional<LocalProcess> target = local(other);
      if (target.isEmpty() || !target.get().link(self)) {
        // As erts: linking to a process that is gone is answered by an exit signal noproc.
        linkExit(me, other, ExitReason.NOPROC);
      }
      return;
    }
    me.link(other);
    Connection connection = node.remoteConnection(other);
    if (connection.ofAnotherIncarnation(other)) {
      // The node's incarnation we are connected to would answer noproc: answered here, at once.
      linkExit(me, other, ExitReason.NOPROC);
      return;
    }
    remote.linked(self, other);
    connection.send(new Link(self, other));
  }

  void unlink(Pid self, Pid other) {
    LocalProcess me = self(self);
    if (!me.unlink(other)) {
      return;
    }
    if (isLocal(other)) {
      local(other).ifPresent(p -> p.unlink(self));
      return;
    }
    remote.unlinked(self, other);
    node.remoteConnection(other.node())
        .send(new UnlinkId(unlinkIds.incrementAndGet(), self, other));
  }

  void exit(Pid from, Pid to, Term reason) {
    if (isLocal(to)) {
      local(to).ifPresent(p -> p.tell(new Signal(from, reason, true)));
    } else {
      node.remoteConnection(to.node()).send(new Exit2(from, to, reason));
    }
  }

  Ref monitor(Pid self, Pid target) {
    return monitor(self, target, target, target.node());
  }

  Ref monitor(Pid self, Atom name, Atom onNode) {
    Term downTarget = Tuple.of(name, onNode);
    if (onNode.equals(node.nodeName())) {
      Optional<Pid> pid = node.whereis(name);
      if (pid.isPresent()) {
        return monitor(self, pid.get(), downTarget, onNode);
      }
      Ref ref = newRef();
      self(self).down(new Down(ref, downTarget, ExitReason.NOPROC));
      return ref;
    }
    return monitor(self, name, downTarget, onNode);
  }

  /** {@code wireTarget}: the pid or name; {@code downTarget}: what the DOWN names. */
  private Ref monitor(Pid self, Term wireTarget, Term downTarget, Atom onNode) {
    LocalProcess me = self(self);
    Ref ref = newRef();
    if (onNode.equals(node.nodeName())) {
      // Our side first: the target may die as soon as it is watched, and its DOWN is told only
      // to a process that holds the monitor.
      me.monitoring(ref, new Monitored(wireTarget, onNode));
      Optional<LocalProcess> target = local((Pid) wireTarget);
      if (target.isEmpty() || !target.get().watchedBy(ref, new Watcher(self, downTarget))) {
        me.monitorEnded(ref);
        me.down(new Down(ref, downTarget, ExitReason.NOPROC));
      }
      return ref;
    }
    Connection connection =
        wireTarget instanceof Pid target
            ? node.remoteConnection(target)
            : node.remoteConnection(onNode);
    if (wireTarget instanceof Pid pid && connection.ofAnotherIncarnation(pid)) {
      me.down(new Down(ref, downTarget, ExitReason.NOPROC));
      return ref;
    }
    me.monitoring(ref, new Monitored(wireTarget, onNode));
    remote.monitoring(onNode, ref, new RemoteIndex.Monitor(self, downTarget));
    connection.send(new MonitorP(self, wireTarget, ref));
    return ref;
  }

  /**
   * Whether the monitor was active. A DOWN of it told to the process before stays unless {@code
   * flush}: then the process drops it unhandled ({@code demonitor(Ref, [flush])}).
   */
  boolean demonitor(Pid self, Ref ref, boolean flush) {
    LocalProcess me = self(self);
    Optional<Monitored> monitored = me.monitorEnded(ref);
    monitored.ifPresent(m -> stopMonitoring(self, ref, m, true));
    if (flush && monitored.isEmpty()) {
      // A monitor that fired was removed before its DOWN was told: one may be in flight.
      me.flushDown(ref);
    }
    return monitored.isPresent();
  }

  // ---- aliases ----

  Ref alias(Pid self, AliasMode mode) {
    LocalProcess me = self(self);
    Ref alias = newRef();
    if (!aliases.add(alias, me, mode)) {
      throw new ProcessNotAliveException(self);
    }
    return alias;
  }

  boolean unalias(Pid self, Ref alias) {
    return aliases.remove(alias, self(self));
  }

  /** Delivers to the owner of an active alias of this node; false when there is none. */
  boolean deliver(Ref alias, Term message) {
    if (!alias.node().equals(node.nodeName()) || alias.creation() != node.creation()) {
      return false;
    }
    Optional<LocalProcess> owner = aliases.receiver(alias);
    owner.ifPresent(p -> p.tell(new ProcessMessage.Message(message)));
    return owner.isPresent();
  }

  // ---- group leaders ----

  Optional<Pid> groupLeader(Pid self) {
    return self(self).groupLeader();
  }

  /** {@code group_leader(Leader, Pid)}: local, or GROUP_LEADER to {@code pid}'s node. */
  void groupLeader(Pid leader, Pid pid) {
    if (isLocal(pid)) {
      local(pid).ifPresent(p -> p.groupLeader(leader));
    } else {
      node.remoteConnection(pid.node()).send(new GroupLeader(leader, pid));
    }
  }

  void onGroupLeader(GroupLeader message) {
    local(message.to()).ifPresent(p -> p.groupLeader(message.from()));
  }

  private void stopMonitoring(Pid self, Ref ref, Monitored monitored, boolean dialIfNeeded) {
    if (monitored.node().equals(node.nodeName())) {
      local((Pid) monitored.target()).ifPresent(p -> p.unwatched(ref));
    } else if (remote.monitorEnded(monitored.node(), ref) != null) {
      send(monitored.node(), new DemonitorP(self, monitored.target(), ref), dialIfNeeded);
    }
  }

  /**
   * A process spawned for {@code requester}'s SPAWN_REQUEST {@code requestId}, before it runs:
   * linked to the requester and monitored by it (the request id is the monitor's reference), as
   * {@code flags} ({@link SpawnReply#FLAG_LINK}, {@link SpawnReply#FLAG_MONITOR}) say. The
   * requester sets up its own side from the SPAWN_REPLY: no LINK or MONITOR_P goes out.
   */
  void spawnedFor(LocalProcess process, Pid requester, Ref requestId, int flags) {
    if ((flags & SpawnReply.FLAG_LINK) != 0 && process.link(requester)) {
      remote.linked(process.pid, requester);
    }
    if ((flags & SpawnReply.FLAG_MONITOR) != 0
        && process.watchedBy(requestId, new Watcher(requester, process.pid))) {
      remote.watched(requester.node(), requestId, process.pid);
    }
  }

  /**
   * The SPAWN_REPLY of {@code requester}'s spawn request {@code requestId}: its side of the link
   * and monitor that the other node set up as {@code flags} say; false when the requester has died.
   */
  boolean spawned(Pid requester, Pid child, Ref requestId, int flags) {
    Optional<LocalProcess> me = local(requester);
    if (me.isEmpty()) {
      return false;
    }
    if ((flags & SpawnReply.FLAG_LINK) != 0) {
      if (!me.get().link(child)) {
        return false;
      }
      remote.linked(requester, child);
    }
    if ((flags & SpawnReply.FLAG_MONITOR) != 0) {
      me.get().monitoring(requestId, new Monitored(child, child.node()));
      remote.monitoring(child.node(), requestId, new RemoteIndex.Monitor(requester, child));
    }
    return true;
  }

  // ---- when a process stops ----

  /**
   * Sends the dead process's exit to its links and DOWN to its monitors; {@code quiet} when the
   * node is stopping: the peers then see {@code noconnection} from their own nodedown, as erl's
   * peers do when an erl node stops, rather than a reason the shutdown made up.
   */
  void stopped(LocalProcess process, boolean quiet) {
    Pid pid = process.pid;
    Optional<Death> death = process.terminate(ExitReason.KILLED);
    death.ifPresent(d -> aliases.shed(d.aliases()));
    if (death.isEmpty() || quiet) {
      return;
    }
    Term reason = death.get().reason();
    for (Pid linked : death.get().links()) {
      if (isLocal(linked)) {
        local(linked).ifPresent(p -> linkExit(p, pid, reason));
      } else {
        remote.unlinked(pid, linked);
        send(linked.node(), new Exit(pid, linked, reason), false);
      }
    }
    for (Map.Entry<Ref, Watcher> watch : death.get().watchers().entrySet()) {
      Watcher w = watch.getValue();
      if (isLocal(w.watcher())) {
        local(w.watcher())
            .ifPresent(p -> p.monitorFired(new Down(watch.getKey(), w.target(), reason)));
      } else {
        remote.unwatched(w.watcher().node(), watch.getKey());
        send(
            w.watcher().node(),
            new MonitorPExit(w.target(), w.watcher(), watch.getKey(), reason),
            false);
      }
    }
    death.get().monitors().forEach((ref, m) -> stopMonitoring(pid, ref, m, false));
  }

  /**
   * A link's exit signal; the process checks the link when it handles the signal, so that after
   * {@code unlink} returns no exit from that link acts, even one already in the mailbox (erts's
   * guarantee).
   */
  private static void linkExit(LocalProcess to, Pid from, Term reason) {
    to.tell(new Signal(from, reason, false));
  }

  private void send(Atom peer, ControlMessage message, boolean dialIfNeeded) {
    if (dialIfNeeded) {
      node.remoteConnection(peer).send(message);
      return;
    }
    // The node may be down: the peer has then seen noconnection, and must not be dialled again.
    Connection connection = node.registry().get(peer.name());
    if (connection != null) {
      connection.send(message);
    }
  }

  // ---- from other nodes ----

  void onLink(Connection from, Link link) {
    Optional<LocalProcess> target = local(link.to());
    if (target.isPresent() && target.get().link(link.from())) {
      remote.linked(link.to(), link.from());
    } else {
      from.send(new Exit(link.to(), link.from(), ExitReason.NOPROC));
    }
  }

  void onUnlink(Connection from, Pid remotePid, Pid localPid, long ackId, boolean ack) {
    local(localPid).ifPresent(p -> p.unlink(remotePid));
    remote.unlinked(localPid, remotePid);
    if (ack) {
      from.send(new UnlinkIdAck(ackId, localPid, remotePid));
    }
  }

  void onUnlink(Connection from, Unlink unlink) {
    onUnlink(from, unlink.from(), unlink.to(), 0, false);
  }

  void onUnlinkId(Connection from, UnlinkId unlink) {
    onUnlink(from, unlink.from(), unlink.to(), unlink.id(), true);
  }

  void onExit(Exit exit) {
    remote.unlinked(exit.to(), exit.from());
    local(exit.to()).ifPresent(p -> linkExit(p, exit.from(), exit.reason()));
  }

  void onExit2(Exit2 exit) {
    local(exit.to()).ifPresent(p -> p.tell(new Signal(exit.from(), exit.reason(), true)));
  }

  void onMonitor(Connection from, MonitorP monitor) {
    Optional<LocalProcess> target =
        (monitor.target() instanceof Atom name
                ? node.whereis(name)
                : Optional.of((Pid) monitor.target()))
            .flatMap(this::local);
    Watcher watcher = new Watcher(monitor.from(), monitor.target());
    if (target.isPresent() && target.get().watchedBy(monitor.ref(), watcher)) {
      remote.watched(monitor.from().node(), monitor.ref(), target.get().pid);
    } else {
      from.send(
          new MonitorPExit(monitor.target(), monitor.from(), monitor.ref(), ExitReason.NOPROC));
    }
  }

  void onDemonitor(DemonitorP demonitor) {
    (demonitor.target() instanceof Atom name
            ? node.whereis(name)
            : Optional.of((Pid) demonitor.target()))
        .flatMap(this::local)
        .ifPresent(p -> p.unwatched(demonitor.ref()));
    remote.unwatched(demonitor.from().node(), demonitor.ref());
  }

  void onMonitorExit(Connection from, MonitorPExit exit) {
    RemoteIndex.Monitor monitor = remote.monitorEnded(from.peerAtom(), exit.ref());
    if (monitor == null) {
      return;
    }
    local(monitor.watcher())
        .ifPresent(p -> p.monitorFired(new Down(exit.ref(), monitor.target(), exit.reason())));
  }

  // ---- nodedown ----

  /**
   * Breaks every link and monitor with {@code peer}: exit and DOWN {@code noconnection}, and the
   * peer's monitors of local processes are forgotten (erts does not tell a dead node). Once.
   */
  void nodeDown(Atom peer) {
    RemoteIndex.Broken broken = remote.drain(peer);
    broken.watched().forEach((ref, pid) -> local(pid).ifPresent(p -> p.unwatched(ref)));
    for (RemoteIndex.Link link : broken.links()) {
      local(link.local()).ifPresent(p -> linkExit(p, link.remote(), ExitReason.NOCONNECTION));
    }
    broken
        .monitors()
        .forEach(
            (ref, monitor) ->
                local(monitor.watcher())
                    .ifPresent(
                        p ->
                            p.monitorFired(
                                new Down(ref, monitor.target(), ExitReason.NOCONNECTION))));
  }
}
