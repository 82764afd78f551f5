package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Encoding into a reused buffer allocates nothing, as docs/performance.md claims: measured with the
 * JVM's count of the bytes this thread allocated, around encodes of the codec benchmark's term
 * kinds (samples' {@code TermMix}) once the JIT and the buffer have warmed up. An allocation, not a
 * timing: any object per encode would add up to megabytes here.
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
    Term[] terms = benchmarkTerms();
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

  /** The kinds of samples' {@code TermMix}, built the same way. */
  private static Term[] benchmarkTerms() {
    Atom node = Atom.of("beam@bench-host");
    int creation = 0x5F3A_1B2C;
    Term[] list = new Term[100];
    Atom[] atoms = {Atom.of("ok"), Atom.of("error"), Atom.of("pending"), Atom.of("undefined")};
    for (int i = 0; i < list.length; i++) {
      list[i] = i % 4 == 3 ? atoms[(i / 4) % atoms.length] : Int.of(i);
    }
    return new Term[] {
      Tuple.of(Atom.of("msg"), Int.of(42)),
      Tuple.of(
          Atom.of("$gen_call"),
          Tuple.of(
              new Pid(node, 4711, 0, creation),
              Ref.of(node, creation, 0x0003_9A1F, 0x8E2C_0001, 0x00C4_77D2)),
          Tuple.of(Atom.of("add"), Int.of(1), Int.of(2))),
      Tuple.of(
          Atom.of("person"),
          Atom.of("alice"),
          ErlFloat.of(3.14159),
          Binary.of(pattern(50)),
          ErlList.ofCodePoints("hello world"),
          Int.of(1_234_567_890_123_456_789L),
          Int.of(BigInteger.ONE.shiftLeft(100)),
          Atom.of("active")),
      ErlList.of(list),
      ErlMap.of(
          Atom.of("id"), Int.of(1001),
          Atom.of("name"), Binary.of("Alice Liddell"),
          Atom.of("email"), Binary.of("alice@example.org"),
          Atom.of("active"), Atom.of(true),
          Atom.of("score"), ErlFloat.of(98.25),
          Atom.of("roles"), ErlList.of(Atom.of("admin"), Atom.of("dev")),
          Atom.of("created"), Int.of(1_700_000_000_123L),
          Atom.of("node"), node,
          Atom.of("owner"), new Pid(node, 90, 1, creation),
          Atom.of("version"), Tuple.of(Int.of(1), Int.of(4), Int.of(2))),
      Binary.of(pattern(4096))
    };
  }

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }
}
