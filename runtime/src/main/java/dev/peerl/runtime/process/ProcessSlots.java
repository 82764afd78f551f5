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
 * <p>A key's home slot is the key's own low bits, and the table allocates keys whose home is free
 * ({@link #homeFree}), as BEAM's process table does: a value normally sits at its home, a lookup
 * reads one slot, and processes spawned one after another fill consecutive slots. That last part is
 * what a million spawns need from the garbage collector: the array is old, the values young, and
 * every slot written marks its 512-byte card for the collector to scan; consecutive slots mark one
 * card per 128 spawns where hashed ones marked one per spawn (spawns of 1,000,000 processes:
 * ~140,000 -> ~180,000 a second, most of the difference in the G1 refinement threads). A value
 * whose home is taken (a key not allocated that way, or two spawns racing between allocation and
 * {@link #add}) goes to the next free slot; the table keeps the farthest any value sits from its
 * home ({@code reach}), and a lookup reads at most that many slots past the home, so a missing key
 * costs no more than a present one and a removal simply empties its slot.
 *
 * <p>Reads are lock-free; writes are not thread-safe and the caller serializes them (the process
 * table does, under its lock). A slot only changes from empty to a value or from a value to empty,
 * and the reach grows before the value that needs it is written, so a reader loses nothing that was
 * added before it started; a value read with acquire semantics is complete, and the key is read
 * from the value itself, so a key and its value cannot be seen torn. Growing and shrinking build a
 * new array and publish it; a reader still probing the old one sees the table as it was when the
 * new one was published.
 */
final class ProcessSlots<V> {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final int MIN_CAPACITY = 16;

  /** How far past its home a value may sit before the array grows to spread its keys. */
  private static final int NEAR = 8;

  /** One array of slots and the farthest any value in it sits from its home slot. */
  private static final class Slots {
    final Object[] values;
    final int mask;
    volatile int reach;

    Slots(int capacity) {
      values = new Object[capacity];
      mask = capacity - 1;
    }
  }

  private final ToIntFunction<V> keyOf;
  private volatile Slots slots = new Slots(MIN_CAPACITY);
  private volatile int size;
  private int shrinkBelow = MIN_CAPACITY / 8;

  ProcessSlots(ToIntFunction<V> keyOf) {
    this.keyOf = keyOf;
  }

  /** The value with {@code key}, or null. Lock-free. */
  V get(int key) {
    Slots table = slots;
    Object[] values = table.values;
    int mask = table.mask;
    int reach = table.reach;
    for (int i = key & mask, left = reach; ; i = (i + 1) & mask, left--) {
      Object value = SLOT.getAcquire(values, i);
      if (value != null && keyOf(value) == key) {
        return cast(value);
      }
      if (left == 0) {
        return null;
      }
    }
  }

  /**
   * Whether {@code key}'s home slot is empty, so that a value with it would be found at the first
   * slot a lookup reads. For the allocator, which holds the writers' lock.
   */
  boolean homeFree(int key) {
    Slots table = slots;
    return table.values[key & table.mask] == null;
  }

  /** Adds {@code value}, whose key must not be in the map. Writers serialize. */
  void add(V value) {
    if ((size + 1) * 2L > slots.values.length) {
      publish(build(capacityFor(size + 1), widest(size + 1)));
    }
    boolean placed = place(slots, value, NEAR);
    while (!placed && slots.values.length < widest(size + 1)) {
      publish(build(slots.values.length * 2, widest(size + 1)));
      placed = place(slots, value, NEAR);
    }
    if (!placed) {
      place(slots, value, slots.values.length);
    }
    size++;
  }

  /** Removes and returns the value with {@code key}, or null. Writers serialize. */
  V remove(int key) {
    Slots table = slots;
    Object[] values = table.values;
    int mask = table.mask;
    for (int i = key & mask, left = table.reach; ; i = (i + 1) & mask, left--) {
      Object value = values[i];
      if (value != null && keyOf(value) == key) {
        SLOT.setRelease(values, i, null);
        size--;
        if (size < shrinkBelow && values.length > MIN_CAPACITY) {
          shrink();
        }
        return cast(value);
      }
      if (left == 0) {
        return null;
      }
    }
  }

  /** The number of values. */
  int size() {
    return size;
  }

  /** The length of the slot array (for tests of growing and shrinking). */
  int capacity() {
    return slots.values.length;
  }

  /** The farthest a value sits from its home slot (for tests). */
  int reach() {
    return slots.reach;
  }

  /**
   * A smaller array, published if its values sit as near their homes as the current one's (keys far
   * apart may share a home in a smaller array); if not, the next try waits until the count has
   * halved again.
   */
  private void shrink() {
    int length = slots.values.length;
    Slots smaller = build(capacityFor(size), length / 2);
    if (smaller.values.length < length && smaller.reach <= Math.max(NEAR, slots.reach)) {
      publish(smaller);
    } else {
      shrinkBelow = size / 2;
    }
  }

  private void publish(Slots table) {
    slots = table;
    shrinkBelow = table.values.length / 8;
  }

  /**
   * Puts {@code value} in the first empty slot at most {@code limit} slots past its home, the reach
   * growing first; false if there is none.
   */
  private boolean place(Slots table, V value, int limit) {
    Object[] values = table.values;
    int mask = table.mask;
    int home = keyOf.applyAsInt(value) & mask;
    for (int distance = 0; distance <= limit && distance <= mask; distance++) {
      int i = (home + distance) & mask;
      if (values[i] == null) {
        if (distance > table.reach) {
          table.reach = distance;
        }
        SLOT.setRelease(values, i, value);
        return true;
      }
    }
    return false;
  }

  /**
   * A new array of {@code capacity} slots holding the values, or wider (up to {@code widest}) while
   * a value would sit more than {@link #NEAR} slots from its home.
   */
  private Slots build(int capacity, int widest) {
    for (int length = capacity; ; length *= 2) {
      Slots table = new Slots(length);
      boolean near = true;
      for (Object value : slots.values) {
        if (value != null && !place(table, cast(value), NEAR)) {
          near = false;
          place(table, cast(value), length);
        }
      }
      if (near || length * 2L > widest) {
        return table;
      }
    }
  }

  private static int capacityFor(int count) {
    int capacity = MIN_CAPACITY;
    while (capacity < count * 2L + 2) {
      capacity <<= 1;
    }
    return capacity;
  }

  /**
   * The widest array for {@code count} values: 16 times the usual. Keys that share a home are
   * spread by widening the array up to that, not further (a value then sits farther from its home).
   */
  private static int widest(int count) {
    return (int) Math.min(1 << 30, capacityFor(count) * 16L);
  }

  private int keyOf(Object value) {
    return keyOf.applyAsInt(cast(value));
  }

  @SuppressWarnings("unchecked")
  private V cast(Object value) {
    return (V) value;
  }
}
