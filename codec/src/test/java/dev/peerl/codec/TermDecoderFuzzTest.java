package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Coverage-guided fuzzing of {@link TermDecoder} (Jazzer). Arbitrary bytes must decode to a term or
 * fail with a {@link DecodeException}; nothing else may escape (no other exception, no stack
 * overflow, no out-of-memory). And the oracle: whatever decodes, encodes, and those bytes decode to
 * an equal term (same hash, same place in the term order) that encodes to the same bytes again.
 *
 * <p>The first input byte chooses how to decode ({@link #VERSIONED}, {@link #SLICED}, ...), the
 * rest is the term. In the normal build the test runs the inputs under {@code
 * src/test/resources/dev/peerl/codec/TermDecoderFuzzTestInputs/} (seeds written by OTP's {@code
 * term_to_binary}, and every input that ever found a bug) plus a few seconds of fuzzing; {@code
 * scripts/fuzz.sh codec} fuzzes it for as long as asked (docs/reliability.md).
 */
class TermDecoderFuzzTest {
  /** Input byte 0, bit 0: a versioned term (131 first, perhaps compressed), else a bare term. */
  static final int VERSIONED = 1;

  /** Bit 1: binaries may share the input's array. */
  static final int SLICED = 1 << 1;

  /** Bit 2: the decoder has a distribution header's atom cache refs table. */
  static final int ATOM_CACHE = 1 << 2;

  /** Bit 3: the input is off-heap (a direct buffer), which takes the decoder's other read path. */
  static final int OFF_HEAP = 1 << 3;

  /**
   * Bit 4: tight limits (depth 8, compressed terms up to 4 KiB, decoded terms up to 64 KiB), so
   * that they are hit.
   */
  static final int TIGHT_LIMITS = 1 << 4;

  // A table as a distribution header builds it: some slots filled, the others empty (a reference
  // to an empty slot is an error).
  private static final Atom[] ATOM_CACHE_REFS = new Atom[256];

  static {
    for (int i = 0; i < ATOM_CACHE_REFS.length; i += 3) {
      ATOM_CACHE_REFS[i] = Atom.of("cached_" + i);
    }
  }

  private static final DecodeLimits TIGHT = new DecodeLimits(8, 4096, false, 0, 64 << 10);

  private final TermEncoder encoder = new TermEncoder();
  private final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(256);
  private final ExpandableArrayBuffer reencoded = new ExpandableArrayBuffer(256);

  @FuzzTest
  void decodesToATermThatRoundTripsOrRefuses(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0];
    DecodeLimits limits = (mode & TIGHT_LIMITS) != 0 ? TIGHT : DecodeLimits.DEFAULT;
    TermDecoder decoder = new TermDecoder(limits.withSliceBinaries((mode & SLICED) != 0));
    if ((mode & ATOM_CACHE) != 0) {
      decoder.atomCacheRefs(ATOM_CACHE_REFS);
    }
    // The term starts at offset 1: positions in errors and reads are absolute, never from 0.
    decoder.wrap(buffer(input, (mode & OFF_HEAP) != 0), 1, input.length - 1);
    Term term;
    try {
      term = (mode & VERSIONED) != 0 ? decoder.readVersionedTerm() : decoder.readTerm();
    } catch (DecodeException refused) {
      return;
    }
    assertRoundTrips(term);
  }

  private static DirectBuffer buffer(byte[] input, boolean offHeap) {
    if (!offHeap) {
      return new UnsafeBuffer(input);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
    direct.put(input).flip();
    return new UnsafeBuffer(direct);
  }

  private void assertRoundTrips(Term term) {
    int length = encoder.encodeVersioned(term, encoded, 0);
    Term again;
    try {
      again = Etf.binaryToTerm(Arrays.copyOf(encoded.byteArray(), length));
    } catch (DecodeException e) {
      throw new AssertionError("the encoding of " + term + " does not decode", e);
    }
    assertEquals(term, again);
    assertEquals(term.hashCode(), again.hashCode());
    assertEquals(0, TermOrder.compare(term, again), () -> "term order of " + term);
    assertEquals(term.toString(), again.toString());
    int relength = encoder.encodeVersioned(again, reencoded, 0);
    assertArrayEquals(
        Arrays.copyOf(encoded.byteArray(), length),
        Arrays.copyOf(reencoded.byteArray(), relength),
        () -> "encoding " + term + " is not stable");
  }
}
