package dev.peerl.samples.bench.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** What the report says about the machine a run was made on. */
final class Machine {
  private Machine() {}

  /**
   * Lines for the report: date, CPUs, memory, kernel, JVM, the kernel's page-table isolation, load
   * average.
   */
  static List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
    lines.add(
        "CPUs: "
            + Runtime.getRuntime().availableProcessors()
            + " x `"
            + firstValue(Path.of("/proc/cpuinfo"), "model name")
            + "`; memory "
            + firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    lines.add(
        "OS: "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + "; Java "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    lines.add("Kernel page-table isolation: " + pageTableIsolation());
    lines.add("Load average at the start (1, 5, 15 min): " + loadAverage());
    return lines;
  }

  /**
   * What the kernel does against Meltdown, and whether the CPU tags TLB entries by address space
   * (PCID): with page-table isolation and no PCID, every system call flushes the TLB, so a thread
   * that wakes another pays for it again after the call ({@link WakeCost}).
   */
  static String pageTableIsolation() {
    String meltdown;
    try {
      meltdown =
          Files.readString(Path.of("/sys/devices/system/cpu/vulnerabilities/meltdown")).trim();
    } catch (IOException e) {
      meltdown = "unknown";
    }
    String flags = " " + firstValue(Path.of("/proc/cpuinfo"), "flags") + " ";
    return meltdown + "; PCID " + (flags.contains(" pcid ") ? "yes" : "no");
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
