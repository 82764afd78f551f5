package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void readsTheNanosecondsOnACpu() {
    long[] fields = ThreadCpu.parseSchedstat("657032832 342779220 565\n");
    assertEquals(657032832L, fields[0]);
    assertEquals(565L, fields[2]);
    assertThrows(IllegalArgumentException.class, () -> ThreadCpu.parseSchedstat("x 1 2"));
    assertThrows(IllegalArgumentException.class, () -> ThreadCpu.parseSchedstat("1 2"));
  }

  @Test
  void sortsThreadsByTheirCutNames() {
    assertEquals("main", ThreadCpu.kind("main"));
    assertEquals("main", ThreadCpu.kind("java"));
    assertEquals("dispatcher", ThreadCpu.kind("bench-peerl.dis"));
    assertEquals("refine", ThreadCpu.kind("G1 Refine#0"));
    assertEquals("gc", ThreadCpu.kind("GC Thread#1"));
    assertEquals("gc", ThreadCpu.kind("G1 Conc#0"));
    assertEquals("jit", ThreadCpu.kind("C2 CompilerThre"));
    assertEquals("other", ThreadCpu.kind("VM Thread"));
  }

  @Test
  void countsThisThreadsWork() {
    // Where the kernel keeps schedstat (Linux with CONFIG_SCHED_INFO), a busy main thread shows.
    var before = ThreadCpu.read();
    long sum = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sum += i ^ (sum >>> 3);
    }
    var after = ThreadCpu.read();
    if (before.isPresent() && after.isPresent()) {
      long total = 0;
      for (String kind : ThreadCpu.KINDS) {
        total += after.get().nanos().get(kind) - before.get().nanos().get(kind);
      }
      assertTrue(total > 0, "no CPU counted for " + sum);
    }
  }

  @Test
  void writesMicrosecondsAndRunsPerOne() {
    Map<String, Long> zero =
        Map.of("main", 0L, "dispatcher", 0L, "gc", 0L, "refine", 0L, "jit", 0L, "other", 0L);
    Map<String, Long> nanos =
        Map.of(
            "main",
            2_000_000L,
            "dispatcher",
            1_000_000L,
            "gc",
            500_000L,
            "refine",
            0L,
            "jit",
            0L,
            "other",
            10_000L);
    Map<String, Long> runs =
        Map.of("main", 3L, "dispatcher", 40L, "gc", 0L, "refine", 0L, "jit", 0L, "other", 1L);
    assertEquals(
        "main 2.00, dispatcher 1.00, gc 0.50, refine 0.00, jit 0.00, other 0.01 µs;"
            + " runs per 1,000: main 3.0, dispatcher 40.0, gc 0.0, refine 0.0, jit 0.0, other 1.0",
        ThreadCpu.perEach(
            new ThreadCpu.Snapshot(zero, zero), new ThreadCpu.Snapshot(nanos, runs), 1000));
  }
}
