package dev.peerl.samples.bench.dist;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How fast this machine runs two fixed pieces of work right now, in CPU time per step of each: a
 * chain of arithmetic that stays in registers, and a chase of pointers through an array too large
 * for the caches (each step a load that waits for memory). The same work takes the same steps every
 * time, so a slower figure is a slower machine, not a slower program.
 *
 * <p>What for: a virtual machine's host can give a virtual CPU's time to someone else without the
 * guest seeing it (no steal time in {@code /proc/stat} on a VM that does not report it), and a
 * thread's CPU time then counts the time it was not running at all; a neighbour that fills the
 * shared caches or the memory bus slows every load. Either makes every thread's CPU per spawn
 * larger at once. Measured around a round of a workload, these figures tell a round the machine
 * slowed apart from a round the program did.
 */
final class MachineSpeed {
  /** Steps of the arithmetic chain: about 20 ms here. */
  static final int COMPUTE_STEPS = 20_000_000;

  /** Steps of the pointer chase: about 20 ms here. */
  static final int MEMORY_STEPS = 200_000;

  // 64 MiB of ints: more than this VM's caches, so most steps go to memory. Outside the heap, so
  // that a workload's heap figures do not count it.
  private static final int CHAIN_LENGTH = 16 * 1024 * 1024;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds per step of each piece of work. */
  record Probe(double computeNanos, double memoryNanos) {
    /** For a report: {@code compute 0.98 ns, memory 87.3 ns a step}. */
    String text() {
      return String.format(
          Locale.ROOT, "compute %.2f ns, memory %.1f ns a step", computeNanos, memoryNanos);
    }
  }

  private final IntBuffer chain;
  private int position;
  // The chain's result goes here, so that the JIT cannot drop the work.
  private long sink;

  private MachineSpeed(IntBuffer chain) {
    this.chain = chain;
  }

  /**
   * A probe with its chain (64 MiB outside the heap, made once and kept), measured a few times so
   * that its loops are compiled before the first figure that counts.
   */
  static MachineSpeed create() {
    MachineSpeed speed = new MachineSpeed(cycle(CHAIN_LENGTH, new SplittableRandom(42)));
    for (int i = 0; i < 3; i++) {
      speed.measure();
    }
    return speed;
  }

  /** Runs both pieces of work on this thread and returns their CPU time per step. */
  Probe measure() {
    long start = THREADS.getCurrentThreadCpuTime();
    sink += compute(COMPUTE_STEPS, sink | 1);
    long computed = THREADS.getCurrentThreadCpuTime();
    position = chase(chain, position, MEMORY_STEPS);
    long chased = THREADS.getCurrentThreadCpuTime();
    return new Probe(
        (computed - start) / (double) COMPUTE_STEPS, (chased - computed) / (double) MEMORY_STEPS);
  }

  /** A xorshift chain: each step needs the one before, so none can overlap. */
  static long compute(int steps, long seed) {
    long x = seed;
    for (int i = 0; i < steps; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /** Follows {@code steps} links of {@code chain} from {@code from}; returns where it ended. */
  static int chase(IntBuffer chain, int from, int steps) {
    int at = from;
    for (int i = 0; i < steps; i++) {
      at = chain.get(at);
    }
    return at;
  }

  /**
   * One cycle through all of {@code 0..length-1} in a random order, outside the heap (Sattolo's
   * shuffle: entry {@code i} holds the entry after {@code i}): following it visits every entry
   * before it comes back, so no part of it stays in a cache.
   */
  static IntBuffer cycle(int length, SplittableRandom random) {
    IntBuffer next =
        ByteBuffer.allocateDirect(length * Integer.BYTES)
            .order(ByteOrder.nativeOrder())
            .asIntBuffer();
    for (int i = 0; i < length; i++) {
      next.put(i, i);
    }
    for (int i = length - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int swap = next.get(i);
      next.put(i, next.get(j));
      next.put(j, swap);
    }
    return next;
  }
}
