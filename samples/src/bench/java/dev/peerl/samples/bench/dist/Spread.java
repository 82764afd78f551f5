package dev.peerl.samples.bench.dist;

import java.util.Arrays;

/**
 * What several rounds of one figure say: their median, and the smallest and largest value. The
 * report shows the median, so one round disturbed by the machine (a noisy neighbour of a virtual
 * machine, a GC, a context-switch storm) neither makes nor breaks a verdict, and the range, so the
 * reader sees how far to trust it.
 */
record Spread(double median, double min, double max, int rounds) {

  /**
   * @throws IllegalArgumentException when there are no values
   */
  static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Spread(median, sorted[0], sorted[n - 1], n);
  }
}
