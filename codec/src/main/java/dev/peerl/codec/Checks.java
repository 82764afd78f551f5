package dev.peerl.codec;

/** Argument checks shared by the term classes. */
final class Checks {
  private Checks() {}

  static int index(int index, int length) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " out of 0.." + (length - 1));
    }
    return index;
  }

  static void range(int capacity, int offset, int length) {
    if (offset < 0 || length < 0 || (long) offset + length > capacity) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", +" + length + ") out of a capacity of " + capacity);
    }
  }
}
