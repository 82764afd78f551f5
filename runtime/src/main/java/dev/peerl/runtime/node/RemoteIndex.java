package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The links and monitors between local processes and the processes of other nodes, by node, so that
 * nodedown finds them all: {@link #drain} hands them out once and forgets them.
 *
 * <p>Kept by peer node rather than in the {@link Connection} object: a link made while the
 * connection is being set up may end on another connection object (a simultaneous connect hands its
 * sends over to the winner), but it is broken by the nodedown of that node whichever object carried
 * it.
 */
final class RemoteIndex {
  /** A link between a local and a remote process. */
  record Link(Pid local, Pid remote) {}

  /** A monitor a local process holds on a remote pid or name; {@code target} as DOWN names it. */
  record Monitor(Pid watcher, Term target) {}

  /** What nodedown breaks: links, monitors held here, and monitors held there on local pids. */
  record Broken(Set<Link> links, Map<Ref, Monitor> monitors, Map<Ref, Pid> watched) {}

  private final Map<Atom, Set<Link>> links = new HashMap<>();
  private final Map<Atom, Map<Ref, Monitor>> monitors = new HashMap<>();
  private final Map<Atom, Map<Ref, Pid>> watched = new HashMap<>();

  synchronized void linked(Pid local, Pid remote) {
    links.computeIfAbsent(remote.node(), n -> new HashSet<>()).add(new Link(local, remote));
  }

  synchronized void unlinked(Pid local, Pid remote) {
    Set<Link> set = links.get(remote.node());
    if (set != null) {
      set.remove(new Link(local, remote));
    }
  }

  synchronized void monitoring(Atom node, Ref ref, Monitor monitor) {
    monitors.computeIfAbsent(node, n -> new HashMap<>()).put(ref, monitor);
  }

  /** The monitor {@code ref} on {@code node}, which is forgotten; null if none. */
  synchronized Monitor monitorEnded(Atom node, Ref ref) {
    Map<Ref, Monitor> map = monitors.get(node);
    return map == null ? null : map.remove(ref);
  }

  /** A process of {@code node} monitors local process {@code local}. */
  synchronized void watched(Atom node, Ref ref, Pid local) {
    watched.computeIfAbsent(node, n -> new HashMap<>()).put(ref, local);
  }

  synchronized void unwatched(Atom node, Ref ref) {
    Map<Ref, Pid> map = watched.get(node);
    if (map != null) {
      map.remove(ref);
    }
  }

  /** The number of links, monitors held here, and monitors held there, over all nodes. */
  synchronized int[] sizes() {
    return new int[] {
      links.values().stream().mapToInt(Set::size).sum(),
      monitors.values().stream().mapToInt(Map::size).sum(),
      watched.values().stream().mapToInt(Map::size).sum()
    };
  }

  synchronized Broken drain(Atom node) {
    Set<Link> l = links.remove(node);
    Map<Ref, Monitor> m = monitors.remove(node);
    Map<Ref, Pid> w = watched.remove(node);
    return new Broken(l == null ? Set.of() : l, m == null ? Map.of() : m, w == null ? Map.of() : w);
  }
}
