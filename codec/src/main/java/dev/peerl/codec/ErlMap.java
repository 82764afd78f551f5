package dev.peerl.codec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A map, {@code #{K => V}}. Entries are kept sorted in OTP's map key order ({@link
 * TermOrder#compareMapKeys}), the order in which OTP writes small maps, so encoding needs no sort.
 */
public final class ErlMap implements Term {
  public static final ErlMap EMPTY = new ErlMap(new Term[0], new Term[0]);

  private final Term[] keys;
  private final Term[] values;

  private ErlMap(Term[] keys, Term[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** A map of these entries; keys are compared with {@code =:=}. */
  public static ErlMap of(Map<? extends Term, ? extends Term> entries) {
    Term[] keys = new Term[entries.size()];
    Term[] values = new Term[entries.size()];
    int i = 0;
    for (Map.Entry<? extends Term, ? extends Term> entry : entries.entrySet()) {
      keys[i] = java.util.Objects.requireNonNull(entry.getKey(), "map key");
      values[i] = java.util.Objects.requireNonNull(entry.getValue(), "map value");
      i++;
    }
    return sorted(keys, values);
  }

  /** A map of alternating keys and values: {@code ErlMap.of(k1, v1, k2, v2)}; a later key wins. */
  public static ErlMap of(Term... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate: odd count");
    }
    Map<Term, Term> entries = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.put(
          java.util.Objects.requireNonNull(keysAndValues[i], "map key"),
          java.util.Objects.requireNonNull(keysAndValues[i + 1], "map value"));
    }
    return of(entries);
  }

  /**
   * A map of {@code keys}, the key array of a map made before (strictly in map key order, so
   * checked already), and the decoder's {@code values}: maps of one shape share their keys, as
   * BEAM's small maps do.
   */
  static ErlMap withKeysOf(Term[] keys, Term[] values) {
    return new ErlMap(keys, values);
  }

  /**
   * Takes ownership of the decoder's arrays, sorts them if needed and returns empty when a key
   * repeats (binary_to_term refuses such maps).
   */
  static Optional<ErlMap> ofOwned(Term[] keys, Term[] values) {
    if (isSorted(keys, true)) {
      // As OTP writes small maps: in order, and no key equal to the next, so none repeats.
      return Optional.of(keys.length == 0 ? EMPTY : new ErlMap(keys, values));
    }
    ErlMap map = sorted(keys, values);
    for (int i = 1; i < map.keys.length; i++) {
      if (map.keys[i - 1].equals(map.keys[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(map);
  }

  private static ErlMap sorted(Term[] keys, Term[] values) {
    if (keys.length == 0) {
      return EMPTY;
    }
    if (!isSorted(keys, false)) {
      int[] order = sortedOrder(keys);
      Term[] sortedKeys = new Term[keys.length];
      Term[] sortedValues = new Term[keys.length];
      for (int i = 0; i < order.length; i++) {
        sortedKeys[i] = keys[order[i]];
        sortedValues[i] = values[order[i]];
      }
      return new ErlMap(sortedKeys, sortedValues);
    }
    return new ErlMap(keys, values);
  }

  /**
   * The indices of {@code keys} in map key order: a stable merge sort of plain ints, where sorting
   * boxed indices with a comparator would allocate an {@code Integer} for each key past 127.
   */
  static int[] sortedOrder(Term[] keys) {
    int[] order = new int[keys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    int[] scratch = new int[keys.length];
    for (int width = 1; width < order.length; width *= 2) {
      for (int low = 0; low < order.length - width; low += 2 * width) {
        merge(
            keys, order, scratch, low, low + width, (int) Math.min(low + 2L * width, order.length));
      }
    }
    return order;
  }

  // Merges the sorted runs order[low, middle) and order[middle, high).
  private static void merge(
      Term[] keys, int[] order, int[] scratch, int low, int middle, int high) {
    System.arraycopy(order, low, scratch, low, high - low);
    int left = low;
    int right = middle;
    for (int i = low; i < high; i++) {
      boolean takeLeft =
          right >= high
              || (left < middle
                  && TermOrder.compareMapKeys(keys[scratch[left]], keys[scratch[right]]) <= 0);
      order[i] = takeLeft ? scratch[left++] : scratch[right++];
    }
  }

  // In map key order; strictly: no key equal to the next either.
  private static boolean isSorted(Term[] keys, boolean strictly) {
    for (int i = 1; i < keys.length; i++) {
      int order = TermOrder.compareMapKeys(keys[i - 1], keys[i]);
      if (order > 0 || (strictly && order == 0)) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    return keys.length;
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  public Optional<Term> get(Term key) {
    int index = indexOf(key);
    return index < 0 ? Optional.empty() : Optional.of(values[index]);
  }

  public boolean containsKey(Term key) {
    return indexOf(key) >= 0;
  }

  private int indexOf(Term key) {
    int low = 0;
    int high = keys.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order = TermOrder.compareMapKeys(keys[middle], key);
      if (order < 0) {
        low = middle + 1;
      } else if (order > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -1;
  }

  /** The entries in map key order, as an unmodifiable map. */
  public Map<Term, Term> toMap() {
    Map<Term, Term> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  Term[] keyArray() {
    return keys;
  }

  Term[] valueArray() {
    return values;
  }

  public Term keyAt(int index) {
    return keys[Checks.index(index, keys.length)];
  }

  public Term valueAt(int index) {
    return values[Checks.index(index, values.length)];
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof ErlMap map
            && Arrays.equals(map.keys, keys)
            && Arrays.equals(map.values, values));
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return TermPrinter.print(this);
  }
}
