package dev.peerl.bridge.pg;

import dev.peerl.bridge.pg.PgProtocol.Discover;
import dev.peerl.bridge.pg.PgProtocol.Inbound;
import dev.peerl.bridge.pg.PgProtocol.Join;
import dev.peerl.bridge.pg.PgProtocol.Leave;
import dev.peerl.bridge.pg.PgProtocol.Sync;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one pg scope knows, kept as pg.erl keeps it: the local processes that joined (each
 * monitored), the peer scopes (each monitored) with the members they announced, and the view of
 * every group that readers see without a lock. Changes come from Java callers and from the scope
 * process (peer messages, DOWNs) and are serialized by this object's lock, which also keeps the
 * messages to peers and the events to subscribers in the order of the changes.
 */
final class ScopeState {
  private static final Logger LOG = LoggerFactory.getLogger(ScopeState.class);

  /** A group's members: all of them, and those of this node; immutable. */
  record Members(List<Pid> all, List<Pid> local) {
    static final Members NONE = new Members(List.of(), List.of());
  }

  private static final class LocalEntry {
    final Ref monitor;
    final List<Term> groups = new ArrayList<>(); // one entry per join, as pg's

    LocalEntry(Ref monitor) {
      this.monitor = monitor;
    }
  }

  private record PeerEntry(Ref monitor, Map<Term, List<Pid>> groups) {}

  private final ErlangNode node;
  private final Atom scope;
  // The scope process's pid, set by start() and by the process itself, whichever is first: every
  // use comes after one of them.
  private volatile Pid self;
  private final Map<Term, Members> view = new ConcurrentHashMap<>();
  private final Map<Pid, LocalEntry> local = new HashMap<>();
  private final Map<Pid, PeerEntry> peers = new LinkedHashMap<>();
  private final Set<ActorRef<GroupEvent>> scopeSubscribers = new LinkedHashSet<>();
  private final Map<Term, Set<ActorRef<GroupEvent>>> groupSubscribers = new HashMap<>();

  ScopeState(ErlangNode node, Atom scope) {
    this.node = node;
    this.scope = scope;
  }

  void attach(Pid scopeProcess) {
    self = scopeProcess;
  }

  // ---- reads, lock-free ----

  Members members(Term group) {
    return view.getOrDefault(group, Members.NONE);
  }

  Set<Term> groups(boolean localOnly) {
    Set<Term> groups = new LinkedHashSet<>();
    view.forEach(
        (group, members) -> {
          if (!localOnly || !members.local().isEmpty()) {
            groups.add(group);
          }
        });
    return groups;
  }

  // ---- Java's local processes ----

  synchronized void join(Term group, List<Pid> pids) {
    for (Pid pid : pids) {
      LocalEntry entry = local.get(pid);
      if (entry == null) {
        entry = new LocalEntry(node.monitor(self, pid));
        local.put(pid, entry);
      }
      entry.groups.add(group);
    }
    add(group, pids, true);
    broadcast(PgProtocol.join(self, group, pids));
  }

  synchronized boolean leave(Term group, List<Pid> pids) {
    List<Pid> left = new ArrayList<>();
    for (Pid pid : pids) {
      LocalEntry entry = local.get(pid);
      if (entry != null && entry.groups.remove(group)) {
        left.add(pid);
        if (entry.groups.isEmpty()) {
          local.remove(pid);
          node.demonitor(self, entry.monitor);
        }
      }
    }
    if (left.isEmpty()) {
      return false;
    }
    remove(group, left, true);
    broadcast(PgProtocol.leave(self, left, List.of(group)));
    return true;
  }

  // ---- peers ----

  /** Asks the scope of the same name on {@code peerNode} to take part with us. */
  void discover(Atom peerNode) {
    if (!peerNode.equals(node.nodeName())) {
      node.send(self, scope, peerNode, PgProtocol.discover(self));
    }
  }

  synchronized void onMessage(Term message) {
    Optional<Inbound> read = PgProtocol.read(message);
    if (read.isEmpty()) {
      LOG.warn("pg scope {} ignores a message it does not know: {}", scope, message);
      return;
    }
    Inbound inbound = read.get();
    if (inbound.peer().equals(self)) {
      return;
    }
    if (inbound instanceof Discover d) {
      onDiscover(d.peer());
    } else if (inbound instanceof Sync s) {
      onSync(s.peer(), s.groups());
    } else if (inbound instanceof Join j) {
      onJoin(j);
    } else if (inbound instanceof Leave l) {
      onLeave(l);
    }
  }

  private void onDiscover(Pid peer) {
    node.send(self, peer, PgProtocol.sync(self, localMembers()));
    if (!peers.containsKey(peer)) {
      peers.put(peer, new PeerEntry(node.monitor(self, peer), new LinkedHashMap<>()));
      node.send(self, peer, PgProtocol.discover(self));
    }
  }

  /** A peer's sync replaces everything it announced before. */
  private void onSync(Pid peer, Map<Term, List<Pid>> groups) {
    PeerEntry entry = peers.get(peer);
    Ref monitor = entry == null ? node.monitor(self, peer) : entry.monitor();
    Map<Term, List<Pid>> before = entry == null ? Map.of() : entry.groups();
    for (Map.Entry<Term, List<Pid>> group : groups.entrySet()) {
      List<Pid> old = before.getOrDefault(group.getKey(), List.of());
      remove(group.getKey(), minus(old, group.getValue()), false);
      add(group.getKey(), minus(group.getValue(), old), false);
    }
    before.forEach(
        (group, pids) -> {
          if (!groups.containsKey(group)) {
            remove(group, pids, false);
          }
        });
    Map<Term, List<Pid>> now = new LinkedHashMap<>();
    groups.forEach((group, pids) -> now.put(group, List.copyOf(pids)));
    peers.put(peer, new PeerEntry(monitor, now));
  }

  private void onJoin(Join join) {
    PeerEntry entry = peers.get(join.peer());
    if (entry == null) {
      return; // as pg: a join from a scope outside our overlay network (or just gone)
    }
    add(join.group(), join.pids(), false);
    entry.groups().merge(join.group(), List.copyOf(join.pids()), ScopeState::prepend);
  }

  private void onLeave(Leave leave) {
    PeerEntry entry = peers.get(leave.peer());
    if (entry == null) {
      return;
    }
    for (Term group : leave.groups()) {
      remove(group, leave.pids(), false);
      List<Pid> rest = minus(entry.groups().getOrDefault(group, List.of()), leave.pids());
      if (rest.isEmpty()) {
        entry.groups().remove(group);
      } else {
        entry.groups().put(group, rest);
      }
    }
  }

  /** A monitored local member exited, or a peer scope did (or its node went down). */
  synchronized void onDown(Ref ref, Term target) {
    if (!(target instanceof Pid pid)) {
      return;
    }
    LocalEntry entry = local.get(pid);
    if (entry != null && entry.monitor.equals(ref)) {
      local.remove(pid);
      for (Term group : entry.groups) {
        remove(group, List.of(pid), true);
      }
      broadcast(PgProtocol.leave(self, List.of(pid), entry.groups));
      return;
    }
    PeerEntry peer = peers.get(pid);
    if (peer != null && peer.monitor().equals(ref)) {
      peers.remove(pid);
      peer.groups().forEach((group, pids) -> remove(group, pids, false));
    }
  }

  private Map<Term, List<Pid>> localMembers() {
    Map<Term, List<Pid>> members = new LinkedHashMap<>();
    view.forEach(
        (group, m) -> {
          if (!m.local().isEmpty()) {
            members.put(group, m.local());
          }
        });
    return members;
  }

  private void broadcast(Term message) {
    for (Pid peer : peers.keySet()) {
      node.send(self, peer, message);
    }
  }

  // ---- subscribers ----

  synchronized Map<Term, List<Pid>> monitorScope(ActorRef<GroupEvent> subscriber) {
    scopeSubscribers.add(subscriber);
    Map<Term, List<Pid>> all = new LinkedHashMap<>();
    view.forEach((group, members) -> all.put(group, members.all()));
    return all;
  }

  synchronized List<Pid> monitor(Term group, ActorRef<GroupEvent> subscriber) {
    groupSubscribers.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(subscriber);
    return members(group).all();
  }

  synchronized boolean demonitor(ActorRef<GroupEvent> subscriber) {
    boolean removed = scopeSubscribers.remove(subscriber);
    var groups = groupSubscribers.values().iterator();
    while (groups.hasNext()) {
      Set<ActorRef<GroupEvent>> subscribers = groups.next();
      removed |= subscribers.remove(subscriber);
      if (subscribers.isEmpty()) {
        groups.remove();
      }
    }
    return removed;
  }

  // ---- the view ----

  private void add(Term group, List<Pid> pids, boolean isLocal) {
    if (pids.isEmpty()) {
      return;
    }
    Members m = members(group);
    view.put(
        group, new Members(prepend(m.all(), pids), isLocal ? prepend(m.local(), pids) : m.local()));
    publish(new GroupEvent.Joined(scope, group, pids));
  }

  /** Removes one occurrence of each of {@code pids}, as Erlang's {@code --}. */
  private void remove(Term group, List<Pid> pids, boolean isLocal) {
    Members m = view.get(group);
    if (m == null || pids.isEmpty()) {
      return;
    }
    List<Pid> all = minus(m.all(), pids);
    if (all.size() == m.all().size()) {
      return;
    }
    List<Pid> localPids = isLocal ? minus(m.local(), pids) : m.local();
    if (all.isEmpty()) {
      view.remove(group);
    } else {
      view.put(group, new Members(all, localPids));
    }
    publish(new GroupEvent.Left(scope, group, minus(m.all(), all)));
  }

  private void publish(GroupEvent event) {
    for (ActorRef<GroupEvent> subscriber : scopeSubscribers) {
      subscriber.tell(event);
    }
    for (ActorRef<GroupEvent> subscriber : groupSubscribers.getOrDefault(event.group(), Set.of())) {
      subscriber.tell(event);
    }
  }

  /** {@code New ++ Old}, as pg adds members. */
  private static List<Pid> prepend(List<Pid> old, List<Pid> added) {
    List<Pid> joined = new ArrayList<>(added.size() + old.size());
    joined.addAll(added);
    joined.addAll(old);
    return List.copyOf(joined);
  }

  /** {@code From -- Removed}: the first occurrence of each removed element goes. */
  private static List<Pid> minus(List<Pid> from, List<Pid> removed) {
    List<Pid> rest = new ArrayList<>(from);
    for (Pid pid : removed) {
      rest.remove(pid);
    }
    return List.copyOf(rest);
  }
}
