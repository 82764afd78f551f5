package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuClockTest {
  @Test
  void addsUserAndSystemTicks() {
    String stat =
        "4242 (beam.smp) S 1 4242 4242 0 -1 4194560 1234 0 0 0 735 265 0 0 20 0 9 0 123 "
            + "1234567 890 18446744073709551615 1 1 0 0 0 0 0 4096 1 0 0 0 17 1 0 0 0 0 0";
    assertEquals(1000, CpuClock.parseTicks(stat));
  }

  @Test
  void countsFieldsFromTheLastParenthesisOfTheCommandName() {
    String stat = "77 (a) b (c) d) R 1 77 77 0 -1 0 0 0 0 0 12 30 0 0 20 0 1 0 5 0 0";
    assertEquals(42, CpuClock.parseTicks(stat));
  }

  @Test
  void refusesALineWithoutTheTimeFields() {
    assertThrows(IllegalArgumentException.class, () -> CpuClock.parseTicks("1 (x) S 1 2 3"));
    assertThrows(IllegalArgumentException.class, () -> CpuClock.parseTicks("no name here"));
  }

  @Test
  void readsThisJvmsOwnCpuTime() {
    long pid = ProcessHandle.current().pid();
    assertTrue(CpuClock.system().cpuNanos(pid) > 0);
  }
}
