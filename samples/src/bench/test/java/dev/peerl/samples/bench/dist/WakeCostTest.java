package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WakeCostTest {
  @Test
  void wakesTheSleeperAsOftenAsItSaysAndReportsPerWakeUp() throws InterruptedException {
    // 64 KiB; 200,000 steps between wake-ups leave the sleeper time to park again.
    WakeCost.Result result = WakeCost.measure(16 * 1024, 200_000, 20, 2);
    assertEquals(64 * 1024, result.workingSetBytes());
    assertEquals(40, result.wakes());
    // A wake-up that finds the sleeper not parked yet only leaves it a permit: it sees fewer.
    assertTrue(result.seen() >= 1 && result.seen() <= 40, result.text());
    assertTrue(result.stepNanos() > 0, result.text());
    assertTrue(Double.isFinite(result.wakeMicros()), result.text());
    assertTrue(
        result
            .text()
            .matches(
                "working set 64 KiB: \\d+\\.\\d ns a step; a wake-up costs the waker -?\\d+\\.\\d µs"
                    + " \\(40 wake-ups, \\d+ seen by the sleeper\\)"),
        result.text());
  }

  @Test
  void refusesAnEmptyMeasurement() {
    assertThrows(IllegalArgumentException.class, () -> WakeCost.measure(1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> WakeCost.measure(1024, 0, 1, 1));
  }

  @Test
  void machineSaysWhetherTheKernelIsolatesItsPageTables() {
    assertTrue(
        Machine.pageTableIsolation().matches(".+; PCID (yes|no)"), Machine.pageTableIsolation());
  }
}
