package dev.peerl.codec;

import java.util.concurrent.ThreadLocalRandom;
import org.agrona.collections.LongHashSet;

/**
 * Counts the distinct atoms one source of terms (a connection) has made an {@link AtomCache}
 * create, up to a limit: a cache {@linkplain AtomCache#counting counting} into a budget records
 * every atom it creates, that is every atom it did not find cached. Peerl keeps no atom forever
 * (the cache is bounded), but a peer that sends an ever-growing number of distinct atoms is broken
 * or hostile, and atoms passed on to BEAM nodes stay in their atom table for good; the owner of the
 * budget checks {@link #exceeded()} and ends the source.
 *
 * <p>The atoms are remembered as 64-bit SipHash-2-4 digests under a random key, so the memory is 8
 * bytes (plus the set's slack) per atom whatever the atoms' length, and a peer cannot choose names
 * that collide to go past the limit unnoticed. Once past the limit nothing more is recorded. Not
 * thread-safe: one budget per connection, used by its decoder's thread.
 */
public final class AtomBudget {
  private final int limit;
  private final LongHashSet seen = new LongHashSet();
  private final long k0;
  private final long k1;
  private boolean exceeded;

  /**
   * @param limit the most distinct atoms the source may make the cache create
   * @throws IllegalArgumentException if the limit is not positive
   */
  public AtomBudget(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.limit = limit;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.k0 = random.nextLong();
    this.k1 = random.nextLong();
  }

  /** The most distinct atoms allowed. */
  public int limit() {
    return limit;
  }

  /** The distinct atoms recorded so far; one more than the limit once it is exceeded. */
  public int count() {
    return seen.size();
  }

  /** Whether more distinct atoms than the limit have been created. */
  public boolean exceeded() {
    return exceeded;
  }

  /** Records the atom whose UTF-8 name is {@code utf8}, just created. */
  void record(byte[] utf8) {
    if (exceeded) {
      return;
    }
    if (seen.add(sipHash24(k0, k1, utf8)) && seen.size() > limit) {
      exceeded = true;
    }
  }

  /** SipHash-2-4 (Aumasson and Bernstein) of {@code bytes} under the key {@code k0, k1}. */
  static long sipHash24(long k0, long k1, byte[] bytes) {
    SipState state = new SipState(k0, k1);
    int length = bytes.length;
    int whole = length & ~7;
    for (int i = 0; i < whole; i += 8) {
      state.compress(littleEndian(bytes, i, 8));
    }
    state.compress(((long) length << 56) | littleEndian(bytes, whole, length - whole));
    return state.finish();
  }

  /** SipHash's four words of state (escape analysis keeps them in registers). */
  private static final class SipState {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    SipState(long k0, long k1) {
      v0 = k0 ^ 0x736f6d6570736575L;
      v1 = k1 ^ 0x646f72616e646f6dL;
      v2 = k0 ^ 0x6c7967656e657261L;
      v3 = k1 ^ 0x7465646279746573L;
    }

    void compress(long m) {
      v3 ^= m;
      rounds(2);
      v0 ^= m;
    }

    long finish() {
      v2 ^= 0xff;
      rounds(4);
      return v0 ^ v1 ^ v2 ^ v3;
    }

    private void rounds(int count) {
      for (int round = 0; round < count; round++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
    }
  }

  private static long littleEndian(byte[] bytes, int from, int count) {
    long value = 0;
    for (int i = count - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[from + i] & 0xFF);
    }
    return value;
  }
}
