package dev.peerl.samples.bench.dist;

import java.util.Arrays;

/** Latency percentiles of one run, by the nearest-rank method, from every sample (no sketch). */
final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  /**
   * @throws IllegalArgumentException when there are no samples
   */
  static Percentiles of(long[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The smallest sample that at least {@code percent} % of the samples are less than or equal to:
   * {@code value(50)} is the median, {@code value(100)} the maximum.
   *
   * @throws IllegalArgumentException unless 0 &lt; percent &lt;= 100
   */
  long value(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    // ceil(p/100 * n) in exact arithmetic: p has at most a few decimals, scale to avoid 99.9 * n
    // landing just above an integer through binary rounding.
    long scaled = Math.round(percent * 1000);
    long rank = (scaled * sorted.length + 99_999) / 100_000;
    return sorted[(int) Math.max(1, rank) - 1];
  }
}
