package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.IntBuffer;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MachineSpeedTest {
  @Test
  void theChainIsOneCycleThroughEveryEntry() {
    int length = 10_000;
    IntBuffer chain = MachineSpeed.cycle(length, new SplittableRandom(7));
    BitSet seen = new BitSet(length);
    int at = 0;
    for (int i = 0; i < length; i++) {
      assertTrue(!seen.get(at), "entry " + at + " visited twice, after " + i + " steps");
      seen.set(at);
      at = chain.get(at);
    }
    assertEquals(0, at, "the chain does not come back to its start");
    assertEquals(length, seen.cardinality());
    assertEquals(0, MachineSpeed.chase(chain, 0, length));
    assertEquals(chain.get(chain.get(5)), MachineSpeed.chase(chain, 5, 2));
  }

  @Test
  void theArithmeticIsAXorshiftChain() {
    assertEquals(99L, MachineSpeed.compute(0, 99L));
    long x = 1L;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    assertEquals(x, MachineSpeed.compute(1, 1L));
  }

  @Test
  void measuresSomeCpuTimePerStepOfEach() {
    MachineSpeed.Probe probe = MachineSpeed.create().measure();
    assertTrue(probe.computeNanos() > 0, probe.text());
    assertTrue(probe.memoryNanos() > 0, probe.text());
    assertTrue(probe.text().matches("compute \\d+\\.\\d\\d ns, memory \\d+\\.\\d ns a step"));
  }
}
