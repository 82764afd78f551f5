package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void takesTheNearestRankOfAThousandSamples() {
    long[] samples = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray(); // unsorted
    Percentiles p = Percentiles.of(samples);
    assertEquals(500, p.value(50));
    assertEquals(990, p.value(99));
    assertEquals(999, p.value(99.9));
    assertEquals(1000, p.value(100));
    assertEquals(1, p.value(0.1));
  }

  @Test
  void roundsTheRankUpBetweenSamples() {
    Percentiles p = Percentiles.of(new long[] {10, 20, 30});
    assertEquals(20, p.value(50)); // rank ceil(1.5) = 2
    assertEquals(30, p.value(99.9)); // rank ceil(2.997) = 3
    assertEquals(10, p.value(33.3)); // rank ceil(0.999) = 1
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Percentiles p = Percentiles.of(new long[] {7});
    assertEquals(7, p.value(0.1));
    assertEquals(7, p.value(99.9));
  }

  @Test
  void doesNotSortTheCallersArray() {
    long[] samples = {3, 1, 2};
    Percentiles.of(samples);
    assertEquals(3, samples[0]);
  }

  @Test
  void refusesNoSamplesAndPercentsOutsideZeroToHundred() {
    assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[0]));
    Percentiles p = Percentiles.of(new long[] {1});
    assertThrows(IllegalArgumentException.class, () -> p.value(0));
    assertThrows(IllegalArgumentException.class, () -> p.value(100.5));
  }
}
