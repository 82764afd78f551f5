package dev.peerl.samples.bench.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time this JVM's threads have used so far, by kind of thread (the spawning thread, the
 * Peerl dispatcher's, the collector's, G1's refinement, the JIT's, the rest), from Linux's {@code
 * /proc/self/task/<tid>/schedstat} (nanoseconds on a CPU) and each thread's {@code comm} (its name,
 * cut to 15 characters). The JVM's own threads (GC, JIT) are not Java threads, so {@code
 * ThreadMXBean} does not see them. Where the kernel has no {@code schedstat}, {@link #read} is
 * empty. A thread that ended between two readings takes its time with it.
 */
final class ThreadCpu {
  /** The kinds, in the order a report shows them. */
  static final List<String> KINDS = List.of("main", "dispatcher", "gc", "refine", "jit", "other");

  private ThreadCpu() {}

  /**
   * What the threads of each kind used: nanoseconds on a CPU, and how many times they were put on
   * one (each wake-up from a wait is one more).
   */
  record Snapshot(Map<String, Long> nanos, Map<String, Long> runs) {}

  /** The threads' use so far by kind of thread, or empty where the kernel does not say. */
  static Optional<Snapshot> read() {
    Map<String, Long> byKind = new LinkedHashMap<>();
    Map<String, Long> runs = new LinkedHashMap<>();
    for (String kind : KINDS) {
      byKind.put(kind, 0L);
      runs.put(kind, 0L);
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String comm;
        long[] schedstat;
        try {
          comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
          schedstat = parseSchedstat(Files.readString(task.resolve("schedstat")));
        } catch (NoSuchFileException e) {
          // The thread ended while listed, or there is no schedstat at all.
          if (Files.exists(task)) {
            return Optional.empty();
          }
          continue;
        }
        String kind = kind(comm);
        byKind.merge(kind, schedstat[0], Long::sum);
        runs.merge(kind, schedstat[2], Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/task", e);
    }
    return Optional.of(new Snapshot(byKind, runs));
  }

  /** The kind of thread named {@code comm} (as the kernel has it: 15 characters at most). */
  static String kind(String comm) {
    // The launcher's main thread keeps the launcher's name.
    if (comm.equals("main") || comm.equals("java")) {
      return "main";
    }
    if (comm.contains("peerl.dis")) {
      return "dispatcher";
    }
    if (comm.startsWith("G1 Refine")) {
      return "refine";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "gc";
    }
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "jit";
    }
    return "other";
  }

  /**
   * The three fields of a {@code schedstat} line: time spent on a CPU and waiting for one, in
   * nanoseconds, and how many times the thread was put on a CPU.
   *
   * @throws IllegalArgumentException when the line is not three numbers
   */
  static long[] parseSchedstat(String line) {
    String[] fields = line.strip().split(" +");
    if (fields.length != 3) {
      throw new IllegalArgumentException("not a schedstat line: " + line);
    }
    try {
      return new long[] {
        Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a schedstat line: " + line, e);
    }
  }

  /** Milliseconds the collectors have reported so far (G1: its pauses), all collectors summed. */
  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /**
   * What each kind used between {@code before} and {@code after} per one of {@code count}: "main
   * 1.90, dispatcher 1.60, ... µs; runs per 1,000: main 2.1, dispatcher 30.5, ...".
   */
  static String perEach(Snapshot before, Snapshot after, int count) {
    StringBuilder text = new StringBuilder();
    for (String kind : KINDS) {
      text.append(text.length() > 0 ? ", " : "").append(kind).append(' ');
      double micros = (after.nanos().get(kind) - before.nanos().get(kind)) / 1e3 / count;
      text.append(String.format(Locale.ROOT, "%.2f", micros));
    }
    text.append(" µs; runs per 1,000");
    String separator = ": ";
    for (String kind : KINDS) {
      double runs = (after.runs().get(kind) - before.runs().get(kind)) * 1000.0 / count;
      text.append(separator).append(kind).append(' ');
      text.append(String.format(Locale.ROOT, "%.1f", runs));
      separator = ", ";
    }
    return text.toString();
  }
}
