package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AtomCacheTest {

  @Test
  void thePrefixIsTheFirstEightBytesWhereverTheNameSitsInTheArray() {
    Random random = new Random(7);
    for (int size = 0; size <= 24; size++) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      for (int from = 0; from <= size; from++) {
        for (int length = 0; from + length <= size; length++) {
          assertEquals(
              expectedPrefix(bytes, from, length),
              AtomCache.prefix(bytes, from, length),
              "array of " + size + ", name at " + from + " of " + length + " bytes");
        }
      }
    }
  }

  @Test
  void findsTheSameAtomWhereverItsBytesSit() {
    AtomCache cache = new AtomCache(64);
    byte[] alone = "msg".getBytes(StandardCharsets.UTF_8);
    byte[] last = {(byte) 131, 104, 2, 97, 42, 119, 3, 'm', 's', 'g'};
    byte[] first = {'m', 's', 'g', 0, 0, 0, 0, 0, 0, 0, 0};
    Atom atom = cache.utf8(alone, 0, 3);
    assertEquals(Atom.of("msg"), atom);
    assertSame(atom, cache.utf8(last, 7, 3));
    assertSame(atom, cache.utf8(first, 0, 3));
    assertEquals(Atom.EMPTY, cache.utf8(last, 10, 0));
    assertNull(cache.utf8(new byte[] {(byte) 0xC3, 0x28}, 0, 2));
  }

  @Test
  void neverTakesANameForOneThatDiffersInASingleByte() {
    // One slot: every name lands on the atom of the one before. Names of 0 to 40 bytes, each
    // against the names that differ from it in one byte only (in the first eight, the last eight,
    // or between), placed at an offset inside a larger array.
    AtomCache cache = new AtomCache(1);
    for (int length = 0; length <= 40; length++) {
      byte[] name = new byte[length];
      for (int i = 0; i < length; i++) {
        name[i] = (byte) ('a' + i % 26);
      }
      for (int changed = 0; changed < length; changed++) {
        byte[] other = name.clone();
        other[changed] = (byte) 'Z';
        for (byte[] bytes : new byte[][] {name, other, name}) {
          byte[] larger = new byte[bytes.length + 11];
          System.arraycopy(bytes, 0, larger, 5, bytes.length);
          Atom atom = cache.utf8(larger, 5, bytes.length);
          assertEquals(new String(bytes, StandardCharsets.UTF_8), atom.name());
          assertSame(atom, cache.utf8(bytes, 0, bytes.length), "the same name found again");
          for (byte[] against : new byte[][] {name, other}) {
            assertEquals(
                java.util.Arrays.equals(bytes, against),
                AtomCache.sameName(atom, against, 0, against.length),
                () -> atom + " against " + new String(against, StandardCharsets.UTF_8));
          }
        }
      }
    }
  }

  private static long expectedPrefix(byte[] bytes, int from, int length) {
    long prefix = 0;
    for (int i = Math.min(length, Long.BYTES) - 1; i >= 0; i--) {
      prefix = (prefix << 8) | (bytes[from + i] & 0xFF);
    }
    return prefix;
  }
}
