package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The node's local processes: pid to the process ({@code P}, the node's state of one process), and
 * registered name to pid. Lookups are lock-free (the inbound path of every connection uses them);
 * adding, removing, allocation and naming are synchronized, as they must be atomic and are rare
 * compared to sends.
 *
 * <p>Pids are allocated as erl allocates them for old peers: a 15-bit id and a 13-bit serial that
 * grows when the ids wrap, so that every peer, with or without DFLAG_V4_NC, can hold them. A pid
 * still in use is skipped, so 2^28 pids are handed out before one repeats. Those 28 bits are the
 * key of the table ({@link #key}), which holds a million processes in a few megabytes. A pid whose
 * slot in the table is taken is skipped too (see {@link ProcessSlots}): with many processes alive,
 * pids repeat sooner, as in BEAM, whose pids index its process table.
 *
 * @param <P> what the table holds per process; it knows its pid
 */
public final class ProcessTable<P> {
  static final int MAX_ID = 0x7FFF;
  static final int MAX_SERIAL = 0x1FFF;
  private static final int SERIAL_SHIFT = 15;

  private final Atom node;
  private final int creation;
  private final Function<P, Pid> pidOf;
  private final ProcessSlots<P> processes;
  private final ConcurrentHashMap<Atom, Pid> names = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Pid, Atom> nameOf = new ConcurrentHashMap<>();
  private int nextId = 1;
  private int serial;
  private boolean wrapped;

  /**
   * An empty table of {@code node}'s incarnation {@code creation}.
   *
   * @param pidOf the pid of a process, which this table allocated
   */
  public ProcessTable(Atom node, int creation, Function<P, Pid> pidOf) {
    this.node = Objects.requireNonNull(node, "node");
    this.creation = creation;
    this.pidOf = Objects.requireNonNull(pidOf, "pidOf");
    this.processes = new ProcessSlots<>(process -> key(pidOf.apply(process)));
  }

  /** A pid no live process of this table has. */
  public synchronized Pid allocate() {
    while (true) {
      int id = nextId;
      int current = serial;
      if (++nextId > MAX_ID) {
        nextId = 0;
        serial = (serial + 1) & MAX_SERIAL;
        wrapped |= serial == 0;
      }
      // A key whose home slot is taken is skipped, so that processes sit at their homes; until
      // the pids first wrap every key is new, after, one may still be in use.
      int key = key(id, current);
      if (processes.homeFree(key) && (!wrapped || processes.get(key) == null)) {
        return new Pid(node, id, current, creation);
      }
    }
  }

  /**
   * Makes {@code process} reachable by its pid, which {@link #allocate} gave (once: a pid is added
   * once); the caller removes it when the process stops.
   */
  public synchronized void add(P process) {
    Pid pid = pidOf.apply(process);
    if (!isOurs(pid)) {
      throw new IllegalArgumentException(pid + " was not allocated by this table");
    }
    processes.add(process);
  }

  /** Forgets {@code pid} and its registered name, if any; the process it had. */
  public synchronized Optional<P> remove(Pid pid) {
    if (!isOurs(pid)) {
      return Optional.empty();
    }
    P process = processes.remove(key(pid));
    Atom name = nameOf.remove(pid);
    if (name != null) {
      names.remove(name, pid);
    }
    return Optional.ofNullable(process);
  }

  /** The live local process {@code pid}. */
  public Optional<P> lookup(Pid pid) {
    return isOurs(pid) ? Optional.ofNullable(processes.get(key(pid))) : Optional.empty();
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
   * The key of a pid this table allocates: its serial and id in 28 bits, unique among the live
   * processes (see {@link #allocate}).
   */
  public static int key(Pid pid) {
    return key(pid.id(), pid.serial());
  }

  private static int key(int id, int serial) {
    return serial << SERIAL_SHIFT | id;
  }

  /** The pid of this table's node and creation whose {@link #key} is {@code key}. */
  public Pid pid(int key) {
    return new Pid(node, key & MAX_ID, key >>> SERIAL_SHIFT & MAX_SERIAL, creation);
  }

  /** Whether {@code pid} may be one of this table's: node, creation, id and serial ranges. */
  private boolean isOurs(Pid pid) {
    return pid.creation() == creation
        && (pid.id() & ~MAX_ID) == 0
        && (pid.serial() & ~MAX_SERIAL) == 0
        && pid.node().equals(node);
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
    if (lookup(pid).isEmpty()) {
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
