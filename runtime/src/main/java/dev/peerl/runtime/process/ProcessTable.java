package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The node's local processes: pid to actor, and registered name to pid. Lookups are lock-free (the
 * inbound path of every connection uses them); allocation and naming are synchronized, as they must
 * be atomic and are rare compared to sends.
 *
 * <p>Pids are allocated as erl allocates them for old peers: a 15-bit id and a 13-bit serial that
 * grows when the ids wrap, so that every peer, with or without DFLAG_V4_NC, can hold them. A pid
 * still in use is skipped, so 2^28 pids are handed out before one repeats.
 */
public final class ProcessTable {
  static final int MAX_ID = 0x7FFF;
  static final int MAX_SERIAL = 0x1FFF;

  private final Atom node;
  private final int creation;
  private final ConcurrentHashMap<Pid, ActorRef<ProcessMessage>> processes =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Atom, Pid> names = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Pid, Atom> nameOf = new ConcurrentHashMap<>();
  private int nextId = 1;
  private int serial;

  public ProcessTable(Atom node, int creation) {
    this.node = Objects.requireNonNull(node, "node");
    this.creation = creation;
  }

  /** A pid no live process of this table has. */
  public synchronized Pid allocate() {
    while (true) {
      Pid pid = new Pid(node, nextId, serial, creation);
      if (++nextId > MAX_ID) {
        nextId = 0;
        serial = (serial + 1) & MAX_SERIAL;
      }
      if (!processes.containsKey(pid)) {
        return pid;
      }
    }
  }

  /** Makes {@code pid} reachable; the caller removes it when the actor stops. */
  public void add(Pid pid, ActorRef<ProcessMessage> actor) {
    processes.put(pid, actor);
  }

  /** Forgets {@code pid} and its registered name, if any. */
  public synchronized void remove(Pid pid) {
    processes.remove(pid);
    Atom name = nameOf.remove(pid);
    if (name != null) {
      names.remove(name, pid);
    }
  }

  /** The actor of a live local process. */
  public Optional<ActorRef<ProcessMessage>> lookup(Pid pid) {
    return Optional.ofNullable(processes.get(pid));
  }

  /** The pid registered under {@code name}. */
  public Optional<Pid> whereis(Atom name) {
    return Optional.ofNullable(names.get(name));
  }

  /** The name {@code pid} is registered under. */
  public Optional<Atom> nameOf(Pid pid) {
    return Optional.ofNullable(nameOf.get(pid));
  }

  /**
   * Registers {@code pid} under {@code name}, as {@code register/2}.
   *
   * @throws NameAlreadyRegisteredException if the name is taken or the process has a name
   * @throws IllegalArgumentException if the process is not alive, or the name is {@code undefined}
   */
  public synchronized void register(Atom name, Pid pid) {
    if (name.equals(Atom.UNDEFINED)) {
      throw new IllegalArgumentException("undefined cannot be registered");
    }
    if (!processes.containsKey(pid)) {
      throw new IllegalArgumentException("no live local process " + pid);
    }
    reserve(name, pid);
  }

  /**
   * Registers a name for a process about to be added: the name is taken before the actor exists so
   * that a refused name leaves nothing to clean up.
   */
  synchronized void reserve(Atom name, Pid pid) {
    Pid holder = names.get(name);
    if (holder != null) {
      throw new NameAlreadyRegisteredException(name, holder, "registered to " + holder);
    }
    Atom existing = nameOf.get(pid);
    if (existing != null) {
      throw new NameAlreadyRegisteredException(name, pid, pid + " is already " + existing);
    }
    names.put(name, pid);
    nameOf.put(pid, name);
  }

  /** Registers a name for a pid that {@link #add} follows; see {@link #reserve}. */
  public void registerBeforeAdd(Atom name, Pid pid) {
    reserve(name, pid);
  }

  /** Removes the registration of {@code name}; whether there was one. */
  public synchronized boolean unregister(Atom name) {
    Pid pid = names.remove(name);
    if (pid == null) {
      return false;
    }
    nameOf.remove(pid);
    return true;
  }

  /** The number of live processes. */
  public int size() {
    return processes.size();
  }

  /** The number of registered names. */
  public int registeredCount() {
    return names.size();
  }
}
