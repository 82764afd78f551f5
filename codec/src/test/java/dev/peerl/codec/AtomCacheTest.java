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

  private static long expectedPrefix(byte[] bytes, int from, int length) {
    long prefix = 0;
    for (int i = Math.min(length, Long.BYTES) - 1; i >= 0; i--) {
      prefix = (prefix << 8) | (bytes[from + i] & 0xFF);
    }
    return prefix;
  }
}
