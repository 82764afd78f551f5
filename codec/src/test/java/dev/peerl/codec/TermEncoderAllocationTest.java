package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Encoding into a reused buffer allocates nothing, as docs/performance.md claims: measured with the
 * JVM's count of the bytes this thread allocated, around encodes of the codec benchmark's terms
 * ({@link TermMix}) once the JIT and the buffer have warmed up. An allocation, not a timing: any
 * object per encode would add up to megabytes here.
 */
class TermEncoderAllocationTest {
  private static final int WARM_UP_ROUNDS = 20_000;
  private static final int MEASURED_ROUNDS = 10_000;
  // What reading the counter may cost, far below one object per encode (16 bytes x 60 000).
  private static final long TOLERANCE = 1024;

  @Test
  void encodesTheBenchmarkTermsIntoAReusedBufferWithoutAllocating() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations");
    threads.setThreadAllocatedMemoryEnabled(true);
    Term[] terms = TermMix.all();
    TermEncoder encoder = new TermEncoder();
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    long written = encodeRounds(encoder, terms, buffer, WARM_UP_ROUNDS);

    long before = threads.getCurrentThreadAllocatedBytes();
    written += encodeRounds(encoder, terms, buffer, MEASURED_ROUNDS);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertTrue(written > 0);
    assertTrue(
        allocated <= TOLERANCE,
        allocated
            + " bytes allocated by "
            + MEASURED_ROUNDS * terms.length
            + " encodes into a reused buffer");
  }

  private static long encodeRounds(
      TermEncoder encoder, Term[] terms, ExpandableArrayBuffer buffer, int rounds) {
    long written = 0;
    for (int round = 0; round < rounds; round++) {
      for (Term term : terms) {
        written += encoder.encodeVersioned(term, buffer, 0);
      }
    }
    return written;
  }
}
