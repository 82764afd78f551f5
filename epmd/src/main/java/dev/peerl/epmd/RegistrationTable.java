package dev.peerl.epmd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The embedded server's names, shared by all connections: the live ones, each held by one
 * connection, and the recently released ones, remembered so that a name registering again gets a
 * new creation, as in OTP's {@code epmd_srv.c} ({@code node_reg2}, {@code bump_creation}).
 */
final class RegistrationTable {
  /** OTP's {@code MAX_UNREG_COUNT}: how many released names keep their creation counter. */
  static final int MAX_RELEASED = 1000;

  /** Creations 0..3 meant "any" or old 2-bit creations; OTP's epmd never hands them out. */
  private static final long MIN_CREATION = 4;

  private static final long U32 = 0xFFFF_FFFFL;

  /** A live name and the connection that holds it. */
  record Entry(NodeInfo node, long connectionId, long counter, Runnable release) {}

  private final LongSupplier epochSeconds;
  // Guarded by this; newest last.
  private final Map<String, Entry> live = new LinkedHashMap<>();
  private final Map<String, Entry> released = new LinkedHashMap<>();

  RegistrationTable(LongSupplier epochSeconds) {
    this.epochSeconds = epochSeconds;
  }

  /**
   * Registers {@code node} for the connection {@code connectionId}; {@code release} closes that
   * connection (for STOP_REQ). Answers the creation to send, or empty when the name is live.
   */
  synchronized OptionalLong register(NodeInfo node, long connectionId, Runnable release) {
    String name = node.name();
    if (live.containsKey(name)) {
      return OptionalLong.empty();
    }
    Entry before = released.remove(name);
    // A new name starts from the clock, as OTP's epmd does, so that a node restarted after the
    // daemon itself restarted still gets a creation it has not had before.
    long counter = bump(before != null ? before.counter() : epochSeconds.getAsLong());
    live.put(name, new Entry(node, connectionId, counter, release));
    return OptionalLong.of(creationFor(node, counter));
  }

  /** Releases {@code name} if {@code connectionId} still holds it. */
  synchronized void unregister(String name, long connectionId) {
    Entry entry = live.get(name);
    if (entry != null && entry.connectionId() == connectionId) {
      live.remove(name);
      remember(entry);
    }
  }

  /** Releases {@code name} whoever holds it (STOP_REQ) and answers how to close its connection. */
  synchronized Optional<Runnable> forceUnregister(String name) {
    Entry entry = live.remove(name);
    if (entry == null) {
      return Optional.empty();
    }
    remember(entry);
    return Optional.of(entry.release());
  }

  synchronized Optional<NodeInfo> lookup(String name) {
    Entry entry = live.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.node());
  }

  /** Live names, newest first as OTP's epmd lists them. */
  synchronized List<Entry> live() {
    return newestFirst(live);
  }

  /** Released names still remembered, newest first. */
  synchronized List<Entry> released() {
    return newestFirst(released);
  }

  private void remember(Entry entry) {
    released.put(entry.node().name(), entry);
    Iterator<Entry> oldest = released.values().iterator();
    while (released.size() > MAX_RELEASED) {
      oldest.next();
      oldest.remove();
    }
  }

  // OTP: a client of version 6+ gets the 32-bit counter, an older one the counter mod 3 plus 1.
  private static long creationFor(NodeInfo node, long counter) {
    return node.highestVersion() >= 6 ? counter : counter % 3 + 1;
  }

  private static long bump(long counter) {
    long next = (counter + 1) & U32;
    return next < MIN_CREATION ? MIN_CREATION : next;
  }

  private static List<Entry> newestFirst(Map<String, Entry> entries) {
    List<Entry> list = new ArrayList<>(entries.values());
    Collections.reverse(list);
    return List.copyOf(list);
  }
}
