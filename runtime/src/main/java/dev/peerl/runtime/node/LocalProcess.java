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
  private volatile Pid groupLeader;
  // Guarded by this. Created on first use: most processes never link, monitor or alias, and with a
  // million processes five empty collections each were a quarter of the heap a process takes.
  private Set<Pid> links = Collections.emptySet();
  private Map<Ref, Watcher> watchers = Collections.emptyMap();
  private Map<Ref, Monitored> monitors = Collections.emptyMap();
  private Set<Ref> aliases = Collections.emptySet();
  // DOWNs told to the actor and not handled yet; TRUE once demonitor(ref, flush) dropped one.
  private Map<Ref, Boolean> downsInFlight = Collections.emptyMap();
  private Term reason;
  private boolean stopping;
  private boolean dead;

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
      if (monitors.remove(down.ref()) == null) {
        return;
      }
      downsInFlight().put(down.ref(), Boolean.FALSE);
    }
    tell(down);
  }

  /** Whether a DOWN about to reach the behavior is to be delivered (not flushed). */
  synchronized boolean downHandled(Ref ref) {
    return !Boolean.TRUE.equals(downsInFlight.remove(ref));
  }

  /** {@code demonitor(Ref, [flush])}: a DOWN of {@code ref} told but not yet handled is dropped. */
  synchronized void flushDown(Ref ref) {
    downsInFlight.replace(ref, Boolean.TRUE);
  }

  private Map<Ref, Boolean> downsInFlight() {
    if (downsInFlight.isEmpty()) {
      downsInFlight = new HashMap<>();
    }
    return downsInFlight;
  }

  /** The group leader, when one was set (a spawn request's, or GROUP_LEADER). */
  Optional<Pid> groupLeader() {
    return Optional.ofNullable(groupLeader);
  }

  void groupLeader(Pid leader) {
    groupLeader = leader;
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
    if (links.isEmpty()) {
      links = new HashSet<>();
    }
    links.add(other);
    return true;
  }

  /** Whether the link existed: a link's exit signal from an unlinked process is ignored. */
  synchronized boolean unlink(Pid other) {
    return links.remove(other);
  }

  synchronized boolean watchedBy(Ref ref, Watcher watcher) {
    if (dead) {
      return false;
    }
    if (watchers.isEmpty()) {
      watchers = new HashMap<>();
    }
    watchers.put(ref, watcher);
    return true;
  }

  synchronized void unwatched(Ref ref) {
    watchers.remove(ref);
  }

  /** Records a monitor this process holds. */
  synchronized void monitoring(Ref ref, Monitored monitored) {
    if (monitors.isEmpty()) {
      monitors = new HashMap<>();
    }
    monitors.put(ref, monitored);
  }

  /** The target of a monitor this process holds, which it no longer holds. */
  synchronized Optional<Monitored> monitorEnded(Ref ref) {
    return Optional.ofNullable(monitors.remove(ref));
  }

  /** Records an alias of this process; false when it has died (the caller drops the alias). */
  synchronized boolean aliased(Ref alias) {
    if (dead) {
      return false;
    }
    if (aliases.isEmpty()) {
      aliases = new HashSet<>();
    }
    aliases.add(alias);
    return true;
  }

  /** Whether {@code alias} was this process's. */
  synchronized boolean unaliased(Ref alias) {
    return aliases.remove(alias);
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
    if (reason == null) {
      reason = exitReason;
    }
  }

  /** The process has stopped: no more links or monitors; what it had. Once. */
  synchronized Optional<Death> terminate(Term defaultReason) {
    if (dead) {
      return Optional.empty();
    }
    dead = true;
    Death death =
        new Death(
            reason != null ? reason : defaultReason,
            Set.copyOf(links),
            Map.copyOf(watchers),
            Map.copyOf(monitors),
            Set.copyOf(aliases));
    links = Collections.emptySet();
    watchers = Collections.emptyMap();
    monitors = Collections.emptyMap();
    aliases = Collections.emptySet();
    downsInFlight = Collections.emptyMap();
    return Optional.of(death);
  }
}
