package dev.peerl.samples.bench.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time (user + system, every thread) an OS process has used so far, read from Linux's
 * {@code /proc/<pid>/stat}: the same figure for a BEAM and a JVM, whatever runs inside.
 */
final class CpuClock {
  private final long nanosPerTick;

  private CpuClock(long ticksPerSecond) {
    this.nanosPerTick = TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
  }

  /** A clock with the kernel's tick rate ({@code getconf CLK_TCK}, 100 where that fails). */
  static CpuClock system() {
    return new CpuClock(ticksPerSecond());
  }

  /** CPU time of process {@code pid} in nanoseconds (the kernel counts in ticks of 10 ms). */
  long cpuNanos(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      return parseTicks(Files.readString(stat, StandardCharsets.US_ASCII)) * nanosPerTick;
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("process " + pid + " is gone", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stat, e);
    }
  }

  /**
   * utime + stime (fields 14 and 15 of {@code proc(5)}) of a {@code /proc/<pid>/stat} line. The
   * command name (field 2) is in parentheses and may itself hold spaces and parentheses, so the
   * fields are counted from the last {@code ')'}.
   *
   * @throws IllegalArgumentException when the line does not have those fields
   */
  static long parseTicks(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("no command name in /proc stat line: " + stat);
    }
    // After the name: field 3 (state) is index 0, so utime (14) is index 11 and stime (15) 12.
    String[] fields = stat.substring(end + 1).trim().split(" +");
    if (fields.length < 13) {
      throw new IllegalArgumentException("too few fields in /proc stat line: " + stat);
    }
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("utime/stime are not numbers: " + stat, e);
    }
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (getconf.waitFor(10, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Long.parseLong(out.trim());
      }
    } catch (IOException | NumberFormatException e) {
      // Linux's USER_HZ is 100 on every architecture the JDK runs on.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
