package dev.peerl.runtime.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.ToIntFunction;

/**
 * The pid-to-process map behind {@link ProcessTable}: open addressing over one array of values,
 * keyed by an int that each value carries (a local pid's id and serial), so an entry costs a slot
 * (4 or 8 bytes) where a {@code ConcurrentHashMap} costs a 32-byte node besides its slot. With a
 * million processes that is most of the table's memory.
 *
 * <p>Reads are lock-free; writes are not thread-safe and the caller serializes them (the process
 * table does, under its lock). That works because a slot only ever changes from empty or {@link
 * #REMOVED} to a value, or from a value to {@link #REMOVED}: a reader probing past a slot that is
 * being written loses nothing, and a value read with acquire semantics is complete. The key is read
 * from the value itself, so a key and its value cannot be seen torn. Resizing and purging the
 * removed slots build a new array and publish it; a reader still probing the old one sees the table
 * as it was when the new one was published.
 */
final class ProcessSlots<V> {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final Object REMOVED = new Object();
  private static final int MIN_CAPACITY = 16;

  private final ToIntFunction<V> keyOf;
  private volatile Object[] slots = new Object[MIN_CAPACITY];
  private volatile int size;
  private int removed;

  ProcessSlots(ToIntFunction<V> keyOf) {
    this.keyOf = keyOf;
  }

  /** The value with {@code key}, or null. Lock-free. */
  V get(int key) {
    Object[] table = slots;
    int mask = table.length - 1;
    for (int i = index(key, mask); ; i = (i + 1) & mask) {
      Object value = SLOT.getAcquire(table, i);
      if (value == null) {
        return null;
      }
      if (value != REMOVED && keyOf(value) == key) {
        return cast(value);
      }
    }
  }

  /**
   * Adds {@code value}, whose key must not be in the map (the process table allocates unique keys):
   * the first free slot takes it, so an add compares no keys. Writers serialize.
   */
  void add(V value) {
    Object[] table = slots;
    int mask = table.length - 1;
    int i = index(keyOf.applyAsInt(value), mask);
    while (table[i] != null && table[i] != REMOVED) {
      i = (i + 1) & mask;
    }
    if (table[i] == REMOVED) {
      removed--;
    }
    SLOT.setRelease(table, i, value);
    size++;
    if ((size + removed) * 2L > table.length) {
      rebuild();
    }
  }

  /** Removes and returns the value with {@code key}, or null. Writers serialize. */
  V remove(int key) {
    Object[] table = slots;
    int mask = table.length - 1;
    for (int i = index(key, mask); ; i = (i + 1) & mask) {
      Object slot = table[i];
      if (slot == null) {
        return null;
      }
      if (slot != REMOVED && keyOf(slot) == key) {
        SLOT.setRelease(table, i, REMOVED);
        size--;
        removed++;
        if (removed * 4L > table.length
            || (size * 8L < table.length && table.length > MIN_CAPACITY)) {
          rebuild();
        }
        return cast(slot);
      }
    }
  }

  /** The number of values. */
  int size() {
    return size;
  }

  /** The length of the slot array (for tests of growing and shrinking). */
  int capacity() {
    return slots.length;
  }

  /**
   * A new array, at most half full, without the removed slots; published when complete. At most
   * half full, as a lookup probes past the slots taken by other keys, and each costs a read of the
   * value's key (two dependent loads).
   */
  private void rebuild() {
    Object[] old = slots;
    int capacity = MIN_CAPACITY;
    while (capacity < size * 2L + 2) {
      capacity <<= 1;
    }
    Object[] table = new Object[capacity];
    int mask = capacity - 1;
    for (Object value : old) {
      if (value != null && value != REMOVED) {
        int i = index(keyOf(value), mask);
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = value;
      }
    }
    removed = 0;
    slots = table;
  }

  private int keyOf(Object value) {
    return keyOf.applyAsInt(cast(value));
  }

  @SuppressWarnings("unchecked")
  private V cast(Object value) {
    return (V) value;
  }

  /** Fibonacci hashing: consecutive keys spread, so runs of occupied slots stay short. */
  private static int index(int key, int mask) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
