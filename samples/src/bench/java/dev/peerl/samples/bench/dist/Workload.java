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
 */
record Workload(
    String id,
    String title,
    Kind kind,
    int procs,
    long fullCount,
    long quickCount,
    String message) {

  enum Kind {
    SEND,
    CALL
  }

  private static final String SMALL = "{msg, 42}";

  /** Erlang sends to the receiver (BEAM, JInterface, Peerl). */
  static final List<Workload> FORWARD =
      List.of(
          send("small-1", "`{msg, 42}` from 1 sender process", 1, 1_000_000, 20_000, SMALL),
          send("small-8", "`{msg, 42}` from 8 sender processes", 8, 1_000_000, 20_000, SMALL),
          send("bin-1k", "`{msg, <<1 KiB>>}`, 1 sender", 1, 200_000, 5_000, binary(1024)),
          send("bin-64k", "`{msg, <<64 KiB>>}`, 1 sender", 1, 20_000, 300, binary(64 * 1024)),
          send("bin-8m", "`{msg, <<8 MiB>>}`, 1 sender", 1, 200, 8, binary(8 * 1024 * 1024)),
          call("call-1", "`gen_server:call(echo, {msg, 42})`, 1 caller", 1, 100_000, 2_000),
          call("call-120", "`gen_server:call`, 120 concurrent callers", 120, 240_000, 6_000));

  /** Each kind of node sends to a BEAM sink. */
  static final List<Workload> REVERSE =
      FORWARD.stream().filter(workload -> workload.kind == Kind.SEND).toList();

  long count(boolean quick) {
    return quick ? quickCount : fullCount;
  }

  /** A tenth of the run (at least one), run first and thrown away, so the JIT has compiled. */
  long warmupCount(boolean quick) {
    return Math.max(1, count(quick) / 10);
  }

  private static Workload send(
      String id, String title, int procs, long full, long quick, String message) {
    return new Workload(id, title, Kind.SEND, procs, full, quick, message);
  }

  private static Workload call(String id, String title, int procs, long full, long quick) {
    return new Workload(id, title, Kind.CALL, procs, full, quick, SMALL);
  }

  private static String binary(int bytes) {
    return "{msg, binary:copy(<<7>>, " + bytes + ")}";
  }
}
