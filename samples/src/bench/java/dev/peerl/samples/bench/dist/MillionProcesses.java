package dev.peerl.samples.bench.dist;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessMessage;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The million-process workload: a Peerl node spawns {@code --count} Erlang-visible Java processes
 * (one {@code ErlangNode.spawn} after another, from one thread), and then sends each of them one
 * message, first from Java and then from an Erlang process on the driver node ({@code
 * peerl_bench:fanout_start/0} must have registered {@code bench_fanout} there): the pids are sent
 * to it first, and the clock starts when it holds them all.
 *
 * <pre>
 *   java -Xmx4g -cp peerl-benchmarks.jar dev.peerl.samples.bench.dist.MillionProcesses \
 *     --name NAME@HOST --cookie COOKIE --driver DRIVER@HOST [--count 1000000] [--rounds 3] \
 *     [--timeout-s 300]
 * </pre>
 *
 * Before it measures, it spawns a tenth of {@code --count} processes and kills them (the warm-up of
 * every other workload of the harness), and waits until the node is quiet (under a tenth of a core
 * for 200 ms): Pekko stops the killed processes' actors after they have left the table. It spawns
 * all {@code --count} processes {@code --rounds} times, killing them and waiting for quiet between
 * rounds, and reports the median spawn rate with each round's (one round on this 2-core VM varied
 * from 294,000 to 370,000 spawns/s run to run); the last round's processes stay for the heap figure
 * and the sends. It prints {@code result KEY VALUE} lines, then {@code done}, and exits. Every
 * process runs the same behavior instance (it counts its message and carries on), so the heap
 * figure is what the runtime keeps per process, not what a user's behavior would add. Heap is
 * measured after {@code System.gc()}, before and after spawning; the array of pids the workload
 * keeps is allocated before the first measurement, so it is not counted.
 */
public final class MillionProcesses {
  /** The result key of a round's spawn rate, and the round. */
  static final String SPAWNS_PER_SECOND_ROUND = "spawns_per_second_round_";

  /** The result key of a round's CPU by kind of thread (a text, not a number), and the round. */
  static final String CPU_BY_THREAD_ROUND = "cpu_by_thread_round_";

  /** The result key of the machine's speed before and after a round (a text), and the round. */
  static final String MACHINE_SPEED_ROUND = "machine_speed_round_";

  private static final Term MSG = Tuple.of(Atom.of("msg"), Int.of(42));
  private static final int CHUNK = 10_000;
  private static final Atom KILL = Atom.of("kill");
  // The node is quiet when it used less than a tenth of a core over this window.
  private static final long QUIET_WINDOW_MILLIS = 200;

  private MillionProcesses() {}

  public static void main(String[] args) throws Exception {
    NodeArgs options = NodeArgs.parse(args);
    int count = options.intOption("count", 1_000_000);
    int rounds = options.intOption("rounds", 3);
    long timeoutSeconds = options.intOption("timeout-s", 300);
    Atom driver = Atom.of(options.required("driver"));
    ErlangNode node = PeerlNodes.start(options.name(), options.cookie(), Map.of());
    PrintStream out = System.out;

    AtomicReference<CountDownLatch> arrivals = new AtomicReference<>(new CountDownLatch(0));
    Behavior<ProcessMessage> counter =
        Behaviors.receive(ProcessMessage.class)
            .onMessage(
                ProcessMessage.Message.class,
                message -> {
                  arrivals.get().countDown();
                  return Behaviors.same();
                })
            .build();
    CompletableFuture<Term> stored = new CompletableFuture<>();
    Pid self =
        node.spawn(
                "million",
                ctx ->
                    Behaviors.receive(ProcessMessage.class)
                        .onMessage(
                            ProcessMessage.Message.class,
                            message -> {
                              stored.complete(message.body());
                              return Behaviors.same();
                            })
                        .build())
            .pid();
    // Its chain is outside the heap, which the heap figures below do not count.
    MachineSpeed speed = MachineSpeed.create();
    warmUp(node, self, counter, count / 10);
    Pid[] pids = new Pid[count];

    // Each round but the last spawns them all and kills them again, as the warm-up does; the last
    // keeps them for the heap figure and the sends.
    double[] rates = new double[rounds];
    double[] cpuMicros = new double[rounds];
    long heapBefore = 0;
    for (int round = 0; round < rounds; round++) {
      boolean last = round == rounds - 1;
      if (last) {
        heapBefore = usedHeapAfterGc();
      }
      MachineSpeed.Probe speedBefore = speed.measure();
      Optional<ThreadCpu.Snapshot> threadsBefore = ThreadCpu.read();
      long gcBefore = ThreadCpu.gcMillis();
      long cpuBefore = ownCpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        pids[i] = node.spawn(ctx -> counter).pid();
      }
      long spawnNanos = System.nanoTime() - t0;
      rates[round] = count / (spawnNanos / 1e9);
      cpuMicros[round] = (ownCpuNanos() - cpuBefore) / 1e3 / count;
      long gcMillis = ThreadCpu.gcMillis() - gcBefore;
      Optional<ThreadCpu.Snapshot> threadsAfter = ThreadCpu.read();
      MachineSpeed.Probe speedAfter = speed.measure();
      result(out, SPAWNS_PER_SECOND_ROUND + (round + 1), rates[round]);
      if (threadsBefore.isPresent() && threadsAfter.isPresent()) {
        result(
            out,
            CPU_BY_THREAD_ROUND + (round + 1),
            ThreadCpu.perEach(threadsBefore.get(), threadsAfter.get(), count)
                + "; GC pauses "
                + gcMillis
                + " ms");
      }
      result(
          out,
          MACHINE_SPEED_ROUND + (round + 1),
          "before " + speedBefore.text() + "; after " + speedAfter.text());
      if (!last) {
        killAndAwaitQuiet(node, self, pids);
      }
    }
    long heapAfter = usedHeapAfterGc();
    result(out, "processes", count);
    result(out, "spawn_rounds", rounds);
    Spread spawnRates = Spread.of(rates);
    result(out, "spawns_per_second", spawnRates.median());
    result(out, "spawns_per_second_min", spawnRates.min());
    result(out, "spawns_per_second_max", spawnRates.max());
    result(out, "spawn_cpu_micros_per_process", Spread.of(cpuMicros).median());
    result(out, "heap_before_bytes", heapBefore);
    result(out, "heap_after_bytes", heapAfter);
    result(out, "heap_bytes_per_process", (heapAfter - heapBefore) / (double) count);
    result(out, "node_process_count", node.processCount());

    CountDownLatch local = new CountDownLatch(count);
    arrivals.set(local);
    long cpuBefore = ownCpuNanos();
    long t0 = System.nanoTime();
    for (Pid pid : pids) {
      node.send(self, pid, MSG);
    }
    awaitOrFail(local, timeoutSeconds, "Java's send to each");
    long localNanos = System.nanoTime() - t0;
    result(out, "java_send_each_seconds", localNanos / 1e9);
    result(out, "java_send_each_per_second", count / (localNanos / 1e9));
    result(out, "java_send_each_cpu_micros", (ownCpuNanos() - cpuBefore) / 1e3 / count);

    Atom fanout = Atom.of("bench_fanout");
    for (int from = 0; from < count; from += CHUNK) {
      Pid[] chunk = Arrays.copyOfRange(pids, from, Math.min(count, from + CHUNK));
      node.send(self, fanout, driver, Tuple.of(Atom.of("pids"), ErlList.of(chunk)));
    }
    // The pids cross the wire before the clock starts: the driver confirms it holds them all.
    node.send(self, fanout, driver, Tuple.of(Atom.of("stored"), self));
    Term confirmation = stored.get(timeoutSeconds, TimeUnit.SECONDS);
    if (!Tuple.of(Atom.of("stored"), Int.of(count)).equals(confirmation)) {
      System.out.println("failed the driver's count of pids: " + confirmation);
      System.out.flush();
      System.exit(1);
    }
    CountDownLatch remote = new CountDownLatch(count);
    arrivals.set(remote);
    cpuBefore = ownCpuNanos();
    t0 = System.nanoTime();
    node.send(self, fanout, driver, Tuple.of(Atom.of("go"), self));
    awaitOrFail(remote, timeoutSeconds, "Erlang's send to each");
    long remoteNanos = System.nanoTime() - t0;
    result(out, "erlang_send_each_seconds", remoteNanos / 1e9);
    result(out, "erlang_send_each_per_second", count / (remoteNanos / 1e9));
    result(out, "erlang_send_each_receiver_cpu_micros", (ownCpuNanos() - cpuBefore) / 1e3 / count);
    result(out, "undeliverable", node.connectionStats(driver).orElseThrow().undeliverable());
    out.println("done");
    out.flush();
    System.exit(0);
  }

  /**
   * As the harness warms up every workload with a tenth of its count: spawns {@code count}
   * processes and kills them, so that the measured spawns do not include the JIT compiling the
   * spawn path.
   */
  private static void warmUp(
      ErlangNode node, Pid self, Behavior<ProcessMessage> behavior, int count)
      throws InterruptedException {
    Pid[] pids = new Pid[count];
    for (int i = 0; i < count; i++) {
      pids[i] = node.spawn(ctx -> behavior).pid();
    }
    double quiet = killAndAwaitQuiet(node, self, pids);
    result(System.out, "warmup_processes", count);
    result(System.out, "warmup_quiet_seconds", quiet);
  }

  /**
   * Kills {@code pids}, waits until they have left the table, and then until the node is quiet:
   * Pekko is still stopping their actors after that (the parents handle each child's termination
   * after it), and spawns measured meanwhile would share the CPU with it, and with the JIT
   * compiling the stop path. Returns how long the node took to go quiet, in seconds.
   */
  private static double killAndAwaitQuiet(ErlangNode node, Pid self, Pid[] pids)
      throws InterruptedException {
    int before = node.processCount() - pids.length;
    for (Pid pid : pids) {
      node.exit(self, pid, KILL);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (node.processCount() > before) {
      if (System.nanoTime() > deadline) {
        System.out.println("failed the kill: " + (node.processCount() - before) + " left");
        System.out.flush();
        System.exit(1);
      }
      Thread.sleep(10);
    }
    long quietStart = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long cpu = ownCpuNanos();
      Thread.sleep(QUIET_WINDOW_MILLIS);
      if (ownCpuNanos() - cpu < TimeUnit.MILLISECONDS.toNanos(QUIET_WINDOW_MILLIS) / 10) {
        break;
      }
    }
    return (System.nanoTime() - quietStart) / 1e9;
  }

  private static void awaitOrFail(CountDownLatch latch, long seconds, String what)
      throws InterruptedException {
    if (!latch.await(seconds, TimeUnit.SECONDS)) {
      System.out.println("failed " + what + ": " + latch.getCount() + " processes got nothing");
      System.out.flush();
      System.exit(1);
    }
  }

  private static void result(PrintStream out, String key, Object value) {
    out.println("result " + key + " " + value);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long ownCpuNanos() {
    return CpuClock.system().cpuNanos(ProcessHandle.current().pid());
  }
}
