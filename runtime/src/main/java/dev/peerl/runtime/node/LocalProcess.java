package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ProcessMessage.Down;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The link and monitor state of one local process. Links and monitors are added from any thread
 * (the process itself, other processes, the connections' inbound streams), so the state is guarded
 * by the object; {@link #terminate} closes it atomically, which is what makes a link or monitor
 * that arrives after the death answered with {@code noproc} instead of being lost.
 */
final class LocalProcess {
  /** A monitor held on this process: who watches, and how the watcher named it. */
  record Watcher(Pid watcher, Term target) {}

  /** A monitor this process holds: the pid or name it monitors, on which node. */
  record Monitored(Term target, Atom node) {}

  /** What the process held when it died: the signals its death sends, the aliases it drops. */
  record Death(
      Term reason,
      Set<Pid> links,
      Map<Ref, Watcher> watchers,
      Map<Ref, Monitored> monitors,
      Set<Ref> aliases) {}

  final Pid pid;
  // The actor's own ref (its context's self), set when the actor starts, or the one the spawn
  // returned if that came first; null until then: a process cannot be told anything yet.
  private volatile ActorRef<Object> actor;
  // Guarded by this. What the actor runs when it starts; null once it has (see ProcessStarter).
  private ProcessStarter.Start start;
  private volatile boolean trapExit;
  // Guarded by this. Null until first used: most processes never link, monitor, alias, set a group
  // leader or stop with a reason of their own, and with a million processes every field a process
  // keeps counts (five empty collections each were once a quarter of the heap a process took).
  private Bonds bonds;
  private boolean stopping;
  private boolean dead;

  /** What a process holds that most processes never need. Guarded by its process. */
  private static final class Bonds {
    Pid groupLeader;
    Term reason;
    Set<Pid> links = Collections.emptySet();
    Map<Ref, Watcher> watchers = Collections.emptyMap();
    Map<Ref, Monitored> monitors = Collections.emptyMap();
    Set<Ref> aliases = Collections.emptySet();
    // DOWNs told to the actor and not handled yet; TRUE once demonitor(ref, flush) dropped one.
    Map<Ref, Boolean> downsInFlight = Collections.emptyMap();
  }

  /** The process's bonds, made on first use. */
  private Bonds bonds() {
    if (bonds == null) {
      bonds = new Bonds();
    }
    return bonds;
  }

  LocalProcess(Pid pid, ProcessStarter.Start start) {
    this.pid = pid;
    this.start = start;
  }

  /** The pid, for the process table. */
  Pid pid() {
    return pid;
  }

  /** The actor's own ref, from the actor as it starts. */
  void actor(ActorRef<Object> ref) {
    actor = ref;
  }

  /** The ref the spawn returned, unless the actor has started and set its own. */
  synchronized void actorIfAbsent(ActorRef<Object> ref) {
    if (actor == null) {
      actor = ref;
    }
  }

  /** What the actor runs when it starts, once: null afterwards. */
  synchronized ProcessStarter.Start takeStart() {
    ProcessStarter.Start taken = start;
    start = null;
    return taken;
  }

  /**
   * Delivers a message or an internal signal to the process; false when its actor is not there yet
   * (the pid was handed out but the spawn has not returned), which counts as not existing.
   */
  boolean tell(Object message) {
    ActorRef<Object> ref = actor;
    if (ref == null) {
      return false;
    }
    ref.tell(message);
    return true;
  }

  /**
   * Tells the process a monitor it no longer holds (a monitor of nothing) answered; {@link
   * #downHandled} lets the interceptor drop it if it is flushed meanwhile.
   */
  void down(Down down) {
    synchronized (this) {
      downsInFlight().put(down.ref(), Boolean.FALSE);
    }
    tell(down);
  }

  /**
   * A monitor this process holds fired: it ends and its DOWN is told, unless it had ended
   * (demonitor). One step, so that a {@code demonitor(Ref, [flush])} either ends the monitor first
   * or finds the DOWN to drop.
   */
  void monitorFired(Down down) {
    synchronized (this) {
      if (bonds == null || bonds.monitors.remove(down.ref()) == null) {
        return;
      }
      downsInFlight().put(down.ref(), Boolean.FALSE);
    }
    tell(down);
  }

  /** Whether a DOWN about to reach the behavior is to be delivered (not flushed). */
  synchronized boolean downHandled(Ref ref) {
    return bonds == null || !Boolean.TRUE.equals(bonds.downsInFlight.remove(ref));
  }

  /** {@code demonitor(Ref, [flush])}: a DOWN of {@code ref} told but not yet handled is dropped. */
  synchronized void flushDown(Ref ref) {
    if (bonds != null) {
      bonds.downsInFlight.replace(ref, Boolean.TRUE);
    }
  }

  private Map<Ref, Boolean> downsInFlight() {
    Bonds held = bonds();
    if (held.downsInFlight.isEmpty()) {
      held.downsInFlight = new HashMap<>();
    }
    return held.downsInFlight;
  }

  /** The group leader, when one was set (a spawn request's, or GROUP_LEADER). */
  synchronized Optional<Pid> groupLeader() {
    return Optional.ofNullable(bonds == null ? null : bonds.groupLeader);
  }

  synchronized void groupLeader(Pid leader) {
    bonds().groupLeader = leader;
  }

  boolean trapsExits() {
    return trapExit;
  }

  void trapExit(boolean trap) {
    trapExit = trap;
  }

  /** False when the process has died: the caller answers {@code noproc}. */
  synchronized boolean link(Pid other) {
    if (dead) {
      return false;
    }
    Bonds held = bonds();
    if (held.links.isEmpty()) {
      held.links = new HashSet<>();
    }
    held.links.add(other);
    return true;
  }

  /** Whether the link existed: a link's exit signal from an unlinked process is ignored. */
  synchronized boolean unlink(Pid other) {
    return bonds != null && bonds.links.remove(other);
  }

  synchronized boolean watchedBy(Ref ref, Watcher watcher) {
    if (dead) {
      return false;
    }
    Bonds held = bonds();
    if (held.watchers.isEmpty()) {
      held.watchers = new HashMap<>();
    }
    held.watchers.put(ref, watcher);
    return true;
  }

  synchronized void unwatched(Ref ref) {
    if (bonds != null) {
      bonds.watchers.remove(ref);
    }
  }

  /** Records a monitor this process holds. */
  synchronized void monitoring(Ref ref, Monitored monitored) {
    Bonds held = bonds();
    if (held.monitors.isEmpty()) {
      held.monitors = new HashMap<>();
    }
    held.monitors.put(ref, monitored);
  }

  /** The target of a monitor this process holds, which it no longer holds. */
  synchronized Optional<Monitored> monitorEnded(Ref ref) {
    return bonds == null ? Optional.empty() : Optional.ofNullable(bonds.monitors.remove(ref));
  }

  /** Records an alias of this process; false when it has died (the caller drops the alias). */
  synchronized boolean aliased(Ref alias) {
    if (dead) {
      return false;
    }
    Bonds held = bonds();
    if (held.aliases.isEmpty()) {
      held.aliases = new HashSet<>();
    }
    held.aliases.add(alias);
    return true;
  }

  /** Whether {@code alias} was this process's. */
  synchronized boolean unaliased(Ref alias) {
    return bonds != null && bonds.aliases.remove(alias);
  }

  /** The process is stopping: true the first time only, so that its cleanup runs once. */
  synchronized boolean stopping() {
    if (stopping) {
      return false;
    }
    stopping = true;
    return true;
  }

  /** The reason the process is stopping with; the first one wins (a crash after a kill: kill). */
  synchronized void exiting(Term exitReason) {
    Bonds held = bonds();
    if (held.reason == null) {
      held.reason = exitReason;
    }
  }

  /** The process has stopped: no more links or monitors; what it had. Once. */
  synchronized Optional<Death> terminate(Term defaultReason) {
    if (dead) {
      return Optional.empty();
    }
    dead = true;
    if (bonds == null) {
      return Optional.of(new Death(defaultReason, Set.of(), Map.of(), Map.of(), Set.of()));
    }
    Bonds held = bonds;
    bonds = null;
    return Optional.of(
        new Death(
            held.reason != null ? held.reason : defaultReason,
            Set.copyOf(held.links),
            Map.copyOf(held.watchers),
            Map.copyOf(held.monitors),
            Set.copyOf(held.aliases)));
  }
}
