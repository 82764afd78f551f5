package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
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

  /** What the process held when it died: the signals its death sends. */
  record Death(
      Term reason, Set<Pid> links, Map<Ref, Watcher> watchers, Map<Ref, Monitored> monitors) {}

  final Pid pid;
  private volatile ActorRef<Object> actor;
  private volatile boolean trapExit;
  // Guarded by this.
  private final Set<Pid> links = new HashSet<>();
  private final Map<Ref, Watcher> watchers = new HashMap<>();
  private final Map<Ref, Monitored> monitors = new HashMap<>();
  private Term reason;
  private boolean dead;

  LocalProcess(Pid pid) {
    this.pid = pid;
  }

  void actor(ActorRef<Object> ref) {
    actor = ref;
  }

  /** Delivers a message or an internal signal to the process. */
  void tell(Object message) {
    actor.tell(message);
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
    watchers.put(ref, watcher);
    return true;
  }

  synchronized void unwatched(Ref ref) {
    watchers.remove(ref);
  }

  /** Records a monitor this process holds. */
  synchronized void monitoring(Ref ref, Monitored monitored) {
    monitors.put(ref, monitored);
  }

  /** The target of a monitor this process holds, which it no longer holds. */
  synchronized Optional<Monitored> monitorEnded(Ref ref) {
    return Optional.ofNullable(monitors.remove(ref));
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
            Map.copyOf(monitors));
    links.clear();
    watchers.clear();
    monitors.clear();
    return Optional.of(death);
  }
}
