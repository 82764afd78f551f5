package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AtomBudgetTest {
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static Atom decode(TermDecoder decoder, String name) throws DecodeException {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] term = new byte[2 + utf8.length];
    term[0] = (byte) EtfTags.SMALL_ATOM_UTF8_EXT;
    term[1] = (byte) utf8.length;
    System.arraycopy(utf8, 0, term, 2, utf8.length);
    return (Atom) decoder.wrap(new UnsafeBuffer(term), 0, term.length).readTerm();
  }

  @Test
  void hashesAsTheSipHashPapersTestVectors() {
    // SipHash-2-4 with the key 00..0f: the empty message, and the paper's 00..0e example.
    assertEquals(0x726fdb47dd0e0e31L, AtomBudget.sipHash24(K0, K1, new byte[0]));
    assertEquals(0xa129ca6149be45e5L, AtomBudget.sipHash24(K0, K1, bytes(15)));
  }

  @Test
  void countsTheDistinctAtomsACountingCacheCreates() throws DecodeException {
    AtomBudget budget = new AtomBudget(1000);
    AtomCache cache = new AtomCache(64);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT, cache.counting(budget));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        decode(decoder, "budget_" + i);
      }
    }
    // 200 names through 64 slots: misses again and again, but 200 distinct atoms.
    assertEquals(200, budget.count());
    assertFalse(budget.exceeded());
  }

  @Test
  void doesNotCountAtomsTheSharedSlotsAlreadyHold() throws DecodeException {
    AtomCache cache = new AtomCache(4096);
    TermDecoder plain = new TermDecoder(DecodeLimits.DEFAULT, cache);
    Atom known = decode(plain, "known_elsewhere");
    AtomBudget budget = new AtomBudget(10);
    TermDecoder counted = new TermDecoder(DecodeLimits.DEFAULT, cache.counting(budget));
    assertSame(known, decode(counted, "known_elsewhere"));
    assertEquals(0, budget.count());
  }

  @Test
  void isExceededOneAtomPastTheLimitAndStopsGrowing() throws DecodeException {
    AtomBudget budget = new AtomBudget(100);
    TermDecoder decoder =
        new TermDecoder(DecodeLimits.DEFAULT, new AtomCache(4096).counting(budget));
    for (int i = 0; i < 100; i++) {
      decode(decoder, "limit_" + i);
    }
    assertFalse(budget.exceeded());
    decode(decoder, "limit_100");
    assertTrue(budget.exceeded());
    for (int i = 101; i < 5000; i++) {
      decode(decoder, "limit_" + i);
    }
    assertEquals(101, budget.count());
  }

  @Test
  void countsOldLatin1AtomsToo() throws DecodeException {
    AtomBudget budget = new AtomBudget(10);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT, new AtomCache(16).counting(budget));
    byte[] term = {(byte) EtfTags.SMALL_ATOM_EXT, 2, 'h', 'i'};
    decoder.wrap(new UnsafeBuffer(term), 0, term.length).readTerm();
    assertEquals(1, budget.count());
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThrows(IllegalArgumentException.class, () -> new AtomBudget(0));
  }
}
