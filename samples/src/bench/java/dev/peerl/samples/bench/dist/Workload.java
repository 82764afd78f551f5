package dev.peerl.samples.bench.dist;

import java.util.List;

/**
 * One workload of the distribution benchmark: what is sent (or called) how many times, by how many
 * Erlang processes (or Java threads/processes in the reverse direction).
 *
 * @param id short name, used in tables
 * @param title what the workload is, for the report
 * @param kind sends to a sink or gen_server calls to echo
 * @param procs sender processes or concurrent callers
 * @param fullCount messages or calls of a full run
 * @param quickCount messages or calls of a smoke run ({@code --quick})
 * @param message the message as an Erlang expression, evaluated on the driver
 * @param warmupTimes how many times {@code fullCount} the warm-up of a full run sends or calls
 * @param pauseMicros how long each caller waits after a reply before its next call (0: none)
 */
record Workload(
    String id,
    String title,
    Kind kind,
    int procs,
    long fullCount,
    long quickCount,
    String message,
    int warmupTimes,
    int pauseMicros) {

  enum Kind {
    SEND,
    CALL
  }

  private static final String SMALL = "{msg, 42}";

  /**
   * {@code call-paced}'s wait between a reply and the next call: longer than Peerl's answer poll
   * (50 µs), so that what a server spends on each call of a peer that does not call back to back is
   * measured, as a request/response protocol of moderate load makes it.
   */
  private static final int CALL_PAUSE_MICROS = 200;

  /**
   * A JVM receiving its first 64 KiB messages compiles for them and grows its heap for them well
   * past 20,000: in session 12's profile of a fresh Peerl node the C2 compiler had a third of the
   * samples over the first 60,000, and in the harness Peerl's first measured round still saw 25
   * compilations and the heap growing (docs/performance.md, "Session 12: bin-64k").
   */
  private static final int BIN_64K_WARMUP_TIMES = 3;

  /** Erlang sends to the receiver (BEAM, JInterface, Peerl). */
  static final List<Workload> FORWARD =
      List.of(
          send("small-1", "`{msg, 42}` from 1 sender process", 1, 1_000_000, 20_000, SMALL),
          send("small-8", "`{msg, 42}` from 8 sender processes", 8, 1_000_000, 20_000, SMALL),
          send("bin-1k", "`{msg, <<1 KiB>>}`, 1 sender", 1, 200_000, 5_000, binary(1024)),
          send("bin-64k", "`{msg, <<64 KiB>>}`, 1 sender", 1, 20_000, 300, binary(64 * 1024))
              .warmingUpTimes(BIN_64K_WARMUP_TIMES),
          send("bin-8m", "`{msg, <<8 MiB>>}`, 1 sender", 1, 200, 8, binary(8 * 1024 * 1024)),
          call("call-1", "`gen_server:call(echo, {msg, 42})`, 1 caller", 1, 100_000, 2_000),
          call("call-120", "`gen_server:call`, 120 concurrent callers", 120, 240_000, 6_000),
          call(
                  "call-paced",
                  "`gen_server:call`, 1 caller waiting "
                      + CALL_PAUSE_MICROS
                      + " µs after each reply",
                  1,
                  20_000,
                  500)
              .pausingMicros(CALL_PAUSE_MICROS));

  /** Each kind of node sends to a BEAM sink. */
  static final List<Workload> REVERSE =
      FORWARD.stream().filter(workload -> workload.kind == Kind.SEND).toList();

  long count(boolean quick) {
    return quick ? quickCount : fullCount;
  }

  /**
   * What runs first and is thrown away: in a full run as much as the measured run ({@link
   * #warmupTimes} times that), so that a JVM receiver's JIT has finished compiling the hot path
   * (with a tenth, C2 compilations still took about a third of a Peerl receiver's CPU in the
   * measured {@code small-1} run); in a smoke run a tenth (at least one).
   */
  long warmupCount(boolean quick) {
    return quick ? Math.max(1, quickCount / 10) : fullCount * warmupTimes;
  }

  /** This workload with a warm-up of {@code times} its full count in a full run. */
  Workload warmingUpTimes(int times) {
    if (times < 1) {
      throw new IllegalArgumentException("a warm-up runs at least once: " + times);
    }
    return new Workload(id, title, kind, procs, fullCount, quickCount, message, times, pauseMicros);
  }

  /** This workload with each caller waiting {@code micros} after each reply. */
  Workload pausingMicros(int micros) {
    if (kind != Kind.CALL || micros < 0) {
      throw new IllegalArgumentException("only callers pause, for 0 µs or more: " + micros);
    }
    return new Workload(
        id, title, kind, procs, fullCount, quickCount, message, warmupTimes, micros);
  }

  private static Workload send(
      String id, String title, int procs, long full, long quick, String message) {
    return new Workload(id, title, Kind.SEND, procs, full, quick, message, 1, 0);
  }

  private static Workload call(String id, String title, int procs, long full, long quick) {
    return new Workload(id, title, Kind.CALL, procs, full, quick, SMALL, 1, 0);
  }

  private static String binary(int bytes) {
    return "{msg, binary:copy(<<7>>, " + bytes + ")}";
  }
}
