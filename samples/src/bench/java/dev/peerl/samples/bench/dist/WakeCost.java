package dev.peerl.samples.bench.dist;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.IntBuffer;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What waking a parked thread costs the thread that wakes it, on this machine, with a small and
 * with a large working set: the CPU time of a pointer chase ({@link MachineSpeed#chase}) that
 * unparks a sleeping thread every {@code --every} steps, less that of the same chase without, per
 * wake-up.
 *
 * <p>Why it is here: a wake-up is a system call ({@code futex}) and, when the sleeper's CPU is
 * idle, an interrupt to that CPU: a few microseconds at most on bare metal. In a virtual machine
 * where the guest's kernel entries and interrupts go through the host (as on session 22's VM: a
 * trivial system call took 1.3 µs, the kernel runs with page-table isolation forced on and no
 * PCID), a wake-up of a thread whose CPU sleeps costs the waker tens of microseconds, and more with
 * a large working set: the TLB, flushed at each kernel entry, is refilled page by page afterwards.
 * The million's spawning thread pays that for every pool thread it wakes (docs/performance.md).
 * {@link Machine} reports whether a run's machine has PTI and PCID.
 *
 * <pre>
 *   java -cp peerl-benchmarks.jar dev.peerl.samples.bench.dist.WakeCost \
 *     [--mib 1024] [--every 1000] [--wakes 5000] [--repeats 5]
 * </pre>
 *
 * Prints one line per working set (16 KiB, with 100 times as many steps between wake-ups, then
 * {@code --mib}): the chase's CPU time per step without wake-ups, and the waker's CPU time per
 * wake-up beyond that (the median of {@code --repeats} alternated pairs), with how many of the
 * wake-ups the sleeping thread saw.
 */
final class WakeCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The figures for one working set. */
  record Result(long workingSetBytes, double stepNanos, double wakeMicros, long wakes, long seen) {
    String text() {
      return String.format(
          Locale.ROOT,
          "working set %s: %.1f ns a step; a wake-up costs the waker %.1f µs (%d wake-ups, %d seen"
              + " by the sleeper)",
          size(workingSetBytes),
          stepNanos,
          wakeMicros,
          wakes,
          seen);
    }

    private static String size(long bytes) {
      return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
  }

  private final IntBuffer chain;
  private final Thread sleeper;
  private final AtomicLong seen = new AtomicLong();
  private volatile boolean stopped;
  private int position;

  private WakeCost(int entries) {
    this.chain = MachineSpeed.cycle(entries, new SplittableRandom(42));
    this.sleeper = new Thread(this::sleep, "wake-cost-sleeper");
    sleeper.setDaemon(true);
    sleeper.start();
  }

  public static void main(String[] args) throws InterruptedException {
    NodeArgs options = NodeArgs.options(args);
    int mib = options.intOption("mib", 1024);
    if (mib < 1 || mib > 2047) {
      // One direct buffer of ints holds at most 2 GiB.
      throw new IllegalArgumentException("--mib must be 1..2047, got " + mib);
    }
    int every = options.intOption("every", 1000);
    int wakes = options.intOption("wakes", 5000);
    int repeats = options.intOption("repeats", 5);
    // Steps in 16 KiB take a few ns, not hundreds: 100 times as many between wake-ups, so that the
    // sleeper is parked again by the next one (a wake-up that finds it running costs no call).
    System.out.println(measure(16 * 1024 / Integer.BYTES, 100 * every, wakes, repeats).text());
    System.out.println(measure(mib * (1024 * 1024 / Integer.BYTES), every, wakes, repeats).text());
  }

  /**
   * Chases {@code entries} ints ({@code entries * 4} bytes), {@code every * wakes} steps at a time,
   * {@code repeats} times without and with a wake-up every {@code every} steps, alternated, after
   * one pair that is not counted (the loops' compilation).
   */
  static Result measure(int entries, int every, int wakes, int repeats)
      throws InterruptedException {
    if (entries < 2 || every < 1 || wakes < 1 || repeats < 1) {
      throw new IllegalArgumentException(
          "needs entries >= 2 and every, wakes and repeats >= 1, got "
              + entries
              + ", "
              + every
              + ", "
              + wakes
              + ", "
              + repeats);
    }
    WakeCost cost = new WakeCost(entries);
    try {
      long steps = (long) every * wakes;
      cost.chaseNanos(steps, every, false);
      cost.chaseNanos(steps, every, true);
      double[] stepNanos = new double[repeats];
      double[] wakeMicros = new double[repeats];
      long seenBefore = cost.seen.get();
      for (int i = 0; i < repeats; i++) {
        long plain = cost.chaseNanos(steps, every, false);
        long woken = cost.chaseNanos(steps, every, true);
        stepNanos[i] = plain / (double) steps;
        wakeMicros[i] = (woken - plain) / 1e3 / wakes;
      }
      // The last wake-up may still be on its way to the sleeper.
      long deadline = System.nanoTime() + 1_000_000_000L;
      long expected = seenBefore + (long) wakes * repeats;
      while (cost.seen.get() < expected && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      return new Result(
          (long) entries * Integer.BYTES,
          Spread.of(stepNanos).median(),
          Spread.of(wakeMicros).median(),
          (long) wakes * repeats,
          cost.seen.get() - seenBefore);
    } finally {
      cost.stop();
    }
  }

  /**
   * The CPU time of {@code steps} steps of the chase, {@code every} at a time, unparking the
   * sleeper after each {@code every} when {@code wake}: the same loop either way, so that the
   * wake-ups are the only difference. {@code every} steps must take long enough that the sleeper is
   * parked again by the next wake-up, or it only finds a permit.
   */
  private long chaseNanos(long steps, int every, boolean wake) {
    long start = THREADS.getCurrentThreadCpuTime();
    int at = position;
    for (long done = 0; done < steps; done += every) {
      at = MachineSpeed.chase(chain, at, every);
      if (wake) {
        LockSupport.unpark(sleeper);
      }
    }
    position = at;
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  private void sleep() {
    while (!stopped) {
      LockSupport.park(this);
      seen.incrementAndGet();
    }
  }

  private void stop() throws InterruptedException {
    stopped = true;
    LockSupport.unpark(sleeper);
    sleeper.join();
  }
}
