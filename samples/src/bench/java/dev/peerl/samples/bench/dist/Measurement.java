package dev.peerl.samples.bench.dist;

import java.util.Optional;

/**
 * What one run of a workload measured, or why it failed.
 *
 * @param workload the workload
 * @param node who received (forward) or who sent (reverse)
 * @param failure why the run gave no figures, if it did not
 * @param count messages or calls
 * @param wallMicros from the first send (or call) to the sink's done (or the last reply)
 * @param bytesPerMessage {@code erlang:external_size/1} of the message (0 for calls)
 * @param receiverCpuNanos CPU time the receiving OS process used during the run
 * @param senderCpuNanos CPU time the sending OS process used during the run
 * @param latencies per-call round trips in nanoseconds (calls only)
 */
record Measurement(
    Workload workload,
    Target node,
    Optional<String> failure,
    long count,
    long wallMicros,
    long bytesPerMessage,
    long receiverCpuNanos,
    long senderCpuNanos,
    Optional<Percentiles> latencies) {

  /** The three kinds of node compared. */
  enum Target {
    BEAM("BEAM"),
    JINTERFACE("JInterface"),
    PEERL("Peerl");

    final String label;

    Target(String label) {
      this.label = label;
    }
  }

  static Measurement failed(Workload workload, Target node, String why) {
    return new Measurement(workload, node, Optional.of(why), 0, 0, 0, 0, 0, Optional.empty());
  }

  boolean ok() {
    return failure.isEmpty();
  }

  double perSecond() {
    return count * 1e6 / wallMicros;
  }

  /** Megabytes (10^6 bytes) of encoded messages per second. */
  double megabytesPerSecond() {
    return count * (double) bytesPerMessage / wallMicros;
  }

  double receiverCpuMicrosEach() {
    return receiverCpuNanos / 1e3 / count;
  }

  double senderCpuMicrosEach() {
    return senderCpuNanos / 1e3 / count;
  }

  /** A latency percentile in microseconds. */
  double latencyMicros(double percent) {
    return latencies.orElseThrow().value(percent) / 1e3;
  }
}
