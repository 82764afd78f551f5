package dev.peerl.samples.bench.dist;

import dev.peerl.samples.bench.dist.Measurement.Target;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The benchmark's Markdown report: the run, the tables with ratios, the targets. */
final class Report {
  private record Column(String header, ToDoubleFunction<Measurement> value) {}

  private static final List<Column> SEND_COLUMNS =
      List.of(
          new Column("msgs/s", Measurement::perSecond),
          new Column("MB/s", Measurement::megabytesPerSecond),
          new Column("receiver CPU µs/msg", Measurement::receiverCpuMicrosEach),
          new Column("sender CPU µs/msg", Measurement::senderCpuMicrosEach));

  private static final List<Column> CALL_COLUMNS =
      List.of(
          new Column("calls/s", Measurement::perSecond),
          new Column("p50 µs", m -> m.latencyMicros(50)),
          new Column("p99 µs", m -> m.latencyMicros(99)),
          new Column("p99.9 µs", m -> m.latencyMicros(99.9)),
          new Column("server CPU µs/call", Measurement::receiverCpuMicrosEach),
          new Column("caller CPU µs/call", Measurement::senderCpuMicrosEach));

  private final boolean quick;
  private final int rounds;
  private final String arguments;
  private final Cluster.Settings settings;
  private final List<String> machine = new ArrayList<>();
  private final List<Measurement> forward = new ArrayList<>();
  private final List<Measurement> reverse = new ArrayList<>();
  private Optional<Map<String, String>> million = Optional.empty();
  private String otp = "unknown";
  private String loadAfter = "unknown";

  Report(boolean quick, int rounds, String arguments, Cluster.Settings settings) {
    this.quick = quick;
    this.rounds = rounds;
    this.arguments = arguments;
    this.settings = settings;
  }

  void machine(List<String> lines) {
    machine.addAll(lines);
  }

  void machineAfter(String loadAverage) {
    this.loadAfter = loadAverage;
  }

  void otp(String release) {
    this.otp = release;
  }

  /** A workload's rounds against every receiver, in the order they ran. */
  void forward(List<Measurement> measurements) {
    forward.addAll(measurements);
  }

  /** A workload's rounds from every sender, in the order they ran. */
  void reverse(List<Measurement> measurements) {
    reverse.addAll(measurements);
  }

  void million(Map<String, String> results) {
    this.million = Optional.of(results);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        quick
            ? "#### SMOKE RUN (`--quick`): small counts, for checking the harness, not results\n\n"
            : "#### Full run\n\n");
    md.append("Command: `scripts/bench-dist.sh ").append(arguments).append("`\n\n");
    machine.forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("- Load average at the end: ").append(loadAfter).append('\n');
    md.append("- OTP ")
        .append(otp)
        .append("; BEAM flags `")
        .append(String.join(" ", Cluster.BEAM_ARGS))
        .append("`\n");
    md.append("- JInterface: `")
        .append(settings.jinterfaceJar())
        .append("`; Java nodes' options `")
        .append(String.join(" ", settings.javaOptions()))
        .append("` (the million processes' node: `")
        .append(String.join(" ", settings.millionJavaOptions()))
        .append("`); Peerl sender's outbound queue ")
        .append(settings.peerlSenderQueue())
        .append(" frames; its senders wait while the connection is busy (`outbound-busy-limit`)\n");
    md.append("- ")
        .append(rounds)
        .append(rounds == 1 ? " measured round" : " measured rounds")
        .append(" of each workload after one warm-up (of N in a full run")
        .append(longerWarmUps())
        .append(
            "; a tenth of N with `--quick`), the nodes taking turns; each figure is the"
                + " median of the rounds, each ratio the median of the rounds' ratios (Peerl's"
                + " round against the other node's round run next to it), with their range\n\n");
    if (!forward.isEmpty()) {
      md.append("##### Erlang sends to each node's `sink`\n\n");
      table(md, "receiver", SEND_COLUMNS, sends(forward));
      md.append("##### `gen_server:call` from Erlang to each node's `echo`\n\n");
      table(md, "server", CALL_COLUMNS, calls(forward));
    }
    if (!reverse.isEmpty()) {
      md.append("##### Each node sends to a BEAM `sink`\n\n");
      table(md, "sender", SEND_COLUMNS, reverse);
    }
    million.ifPresent(results -> million(md, results));
    targets(md);
    return md.toString();
  }

  private static List<Measurement> sends(List<Measurement> all) {
    return all.stream().filter(m -> m.workload().kind() == Workload.Kind.SEND).toList();
  }

  private static List<Measurement> calls(List<Measurement> all) {
    return all.stream().filter(m -> m.workload().kind() == Workload.Kind.CALL).toList();
  }

  private void table(StringBuilder md, String role, List<Column> columns, List<Measurement> rows) {
    md.append("| workload | N | ").append(role).append(" |");
    columns.forEach(c -> md.append(' ').append(c.header()).append(" |"));
    md.append("\n|---|---:|---|");
    columns.forEach(c -> md.append("---:|"));
    md.append('\n');
    List<String> done = new ArrayList<>();
    for (Measurement m : rows) {
      String id = m.workload().id();
      if (done.contains(id)) {
        continue;
      }
      done.add(id);
      String count = String.format("%,d", m.workload().count(quick));
      for (Target target : Target.values()) {
        List<Measurement> row = find(rows, id, target);
        Optional<Measurement> failed = row.stream().filter(round -> !round.ok()).findFirst();
        md.append("| ")
            .append(target == Target.BEAM ? "`" + id + "`" : "")
            .append(" | ")
            .append(target == Target.BEAM ? count : "")
            .append(" | ")
            .append(target.label)
            .append(" |");
        if (row.isEmpty() || failed.isPresent()) {
          md.append(" failed: ")
              .append(failed.flatMap(Measurement::failure).orElse("not run").replace('|', '/'))
              .append(" |");
          columns.stream().skip(1).forEach(c -> md.append(" |"));
        } else {
          columns.forEach(
              c -> md.append(' ').append(number(median(row, c.value()).median())).append(" |"));
        }
        md.append('\n');
      }
      for (Target other : new Target[] {Target.BEAM, Target.JINTERFACE}) {
        md.append("| | | *Peerl / ").append(other.label).append("* |");
        for (Column c : columns) {
          md.append(' ')
              .append(ratio(find(rows, id, Target.PEERL), find(rows, id, other), c.value()))
              .append(" |");
        }
        md.append('\n');
      }
    }
    md.append('\n');
  }

  /** The rounds of workload {@code id} on {@code target}, in the order they ran. */
  private static List<Measurement> find(List<Measurement> rows, String id, Target target) {
    return rows.stream().filter(m -> m.workload().id().equals(id) && m.node() == target).toList();
  }

  private static Spread median(List<Measurement> rounds, ToDoubleFunction<Measurement> value) {
    return Spread.of(rounds.stream().mapToDouble(value).toArray());
  }

  private static String ratio(
      List<Measurement> peerl, List<Measurement> other, ToDoubleFunction<Measurement> value) {
    return ratios(peerl, other, value).map(r -> "*" + ratio(r) + "*").orElse("–");
  }

  /** The median ratio, and its range when there were rounds. */
  private static String ratio(Spread r) {
    String median = number(r.median()) + "x";
    return r.rounds() == 1 ? median : median + " (" + number(r.min()) + "–" + number(r.max()) + ")";
  }

  /**
   * Peerl's rounds against the other node's, round by round (each pair ran next to each other),
   * when both have rounds and none failed.
   */
  private static Optional<Spread> ratios(
      List<Measurement> peerl, List<Measurement> other, ToDoubleFunction<Measurement> value) {
    int pairs = Math.min(peerl.size(), other.size());
    if (pairs == 0
        || peerl.stream().anyMatch(m -> !m.ok())
        || other.stream().anyMatch(m -> !m.ok())) {
      return Optional.empty();
    }
    double[] ratios = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      double divisor = value.applyAsDouble(other.get(i));
      if (divisor == 0) {
        return Optional.empty();
      }
      ratios[i] = value.applyAsDouble(peerl.get(i)) / divisor;
    }
    return Optional.of(Spread.of(ratios));
  }

  /** What each figure of {@link MillionProcesses} means, in the order the report shows them. */
  private static final Map<String, String> MILLION_LABELS =
      Map.ofEntries(
          Map.entry("warmup_processes", "processes spawned and killed first (warm-up)"),
          Map.entry("warmup_quiet_seconds", "wait until the node was quiet after the warm-up, s"),
          Map.entry("processes", "processes spawned"),
          Map.entry("spawn_rounds", "rounds of spawning them all"),
          Map.entry("spawns_per_second", "spawns/s (`ErlangNode.spawn` from one thread), median"),
          Map.entry("spawns_per_second_min", "spawns/s, slowest round"),
          Map.entry("spawns_per_second_max", "spawns/s, fastest round"),
          Map.entry("spawn_cpu_micros_per_process", "CPU per spawn, µs (whole JVM), median"),
          Map.entry("heap_before_bytes", "heap used before, after GC, bytes"),
          Map.entry("heap_after_bytes", "heap used with every process alive, after GC, bytes"),
          Map.entry("heap_bytes_per_process", "heap per process, bytes"),
          Map.entry("node_process_count", "processes in the node's table"),
          Map.entry("java_send_each_seconds", "Java sends one message to each: time, s"),
          Map.entry("java_send_each_per_second", "Java sends one message to each: msgs/s"),
          Map.entry("java_send_each_cpu_micros", "Java sends one message to each: CPU µs/msg"),
          Map.entry("erlang_send_each_seconds", "Erlang sends one message to each: time, s"),
          Map.entry("erlang_send_each_per_second", "Erlang sends one message to each: msgs/s"),
          Map.entry(
              "erlang_send_each_receiver_cpu_micros",
              "Erlang sends one message to each: Peerl CPU µs/msg"),
          Map.entry("undeliverable", "messages from Erlang that found no process"));

  private static String millionLabel(String key) {
    String round = MillionProcesses.SPAWNS_PER_SECOND_ROUND;
    String cpu = MillionProcesses.CPU_BY_THREAD_ROUND;
    String speed = MillionProcesses.MACHINE_SPEED_ROUND;
    if (key.startsWith(round)) {
      return "spawns/s, round " + key.substring(round.length());
    }
    if (key.startsWith(cpu)) {
      return "CPU per spawn by thread, round " + key.substring(cpu.length());
    }
    if (key.startsWith(speed)) {
      return "machine's speed around round " + key.substring(speed.length());
    }
    return MILLION_LABELS.getOrDefault(key, key);
  }

  // The million's results that are texts, not numbers.
  private static boolean isText(String key) {
    return key.equals("failed")
        || key.startsWith(MillionProcesses.CPU_BY_THREAD_ROUND)
        || key.startsWith(MillionProcesses.MACHINE_SPEED_ROUND);
  }

  private void million(StringBuilder md, Map<String, String> results) {
    md.append("##### Erlang-visible Java processes on one Peerl node\n\n")
        .append("| figure | value |\n|---|---:|\n");
    results.forEach(
        (key, value) ->
            md.append("| ")
                .append(millionLabel(key))
                .append(" | ")
                .append(isText(key) ? value : number(Double.parseDouble(value)))
                .append(" |\n"));
    md.append('\n');
  }

  private void targets(StringBuilder md) {
    md.append(
        "##### Against the issue's targets\n\n| target | measured | verdict |\n|---|---:|---|\n");
    for (String id : List.of("small-1", "small-8")) {
      atLeast(
          md,
          "Erlang -> Peerl `" + id + "` msgs/s >= BEAM -> BEAM",
          forward,
          id,
          Target.BEAM,
          Measurement::perSecond,
          1);
      atMost(
          md,
          "Erlang -> Peerl `" + id + "` receiver CPU/msg <= 1/2 BEAM's",
          forward,
          id,
          Target.BEAM,
          Measurement::receiverCpuMicrosEach,
          0.5);
      atMost(
          md,
          "Erlang -> Peerl `" + id + "` receiver CPU/msg <= 1/3 JInterface's",
          forward,
          id,
          Target.JINTERFACE,
          Measurement::receiverCpuMicrosEach,
          1.0 / 3);
      atLeast(
          md,
          "Peerl -> Erlang `" + id + "` msgs/s >= BEAM -> BEAM",
          reverse,
          id,
          Target.BEAM,
          Measurement::perSecond,
          1);
      atMost(
          md,
          "Peerl -> Erlang `" + id + "` sender CPU/msg <= 1/2 BEAM's",
          reverse,
          id,
          Target.BEAM,
          Measurement::senderCpuMicrosEach,
          0.5);
    }
    atMost(
        md,
        "`call-1` p50 <= BEAM's",
        calls(forward),
        "call-1",
        Target.BEAM,
        m -> m.latencyMicros(50),
        1);
    atLeast(
        md,
        "`call-120` calls/s >= BEAM's",
        calls(forward),
        "call-120",
        Target.BEAM,
        Measurement::perSecond,
        1);
    for (var direction :
        List.of(Map.entry("Erlang -> Peerl", forward), Map.entry("Peerl -> Erlang", reverse))) {
      List<Measurement> bin8m = find(direction.getValue(), "bin-8m", Target.PEERL);
      if (!bin8m.isEmpty() && bin8m.stream().allMatch(Measurement::ok)) {
        Spread rate = median(bin8m, Measurement::megabytesPerSecond);
        verdict(
            md,
            direction.getKey() + " `bin-8m` >= 1 GB/s",
            number(rate.median())
                + " MB/s"
                + (rate.rounds() == 1
                    ? ""
                    : " (" + number(rate.min()) + "–" + number(rate.max()) + ")"),
            rate.median() / 1000,
            true);
      }
    }
    million
        .filter(r -> "1000000".equals(r.get("processes")))
        .ifPresent(
            r -> {
              double heap = Double.parseDouble(r.get("heap_after_bytes"));
              verdict(
                  md,
                  "1 M processes: heap < 1 GiB",
                  number(heap / (1 << 20)) + " MiB",
                  heap / (1 << 30),
                  false);
              double spawns = Double.parseDouble(r.get("spawns_per_second"));
              verdict(
                  md,
                  "1 M processes: >= 300,000 spawns/s",
                  number(spawns) + "/s",
                  spawns / 300_000,
                  true);
            });
    if (quick) {
      md.append("\nA smoke run's figures are not results: they say nothing about the targets.\n");
    }
    md.append('\n');
  }

  private void atLeast(
      StringBuilder md,
      String target,
      List<Measurement> rows,
      String id,
      Target other,
      ToDoubleFunction<Measurement> value,
      double bound) {
    againstBound(md, target, rows, id, other, value, bound, true);
  }

  private void atMost(
      StringBuilder md,
      String target,
      List<Measurement> rows,
      String id,
      Target other,
      ToDoubleFunction<Measurement> value,
      double bound) {
    againstBound(md, target, rows, id, other, value, bound, false);
  }

  /** The verdict on Peerl's median ratio to {@code other}, when both have rounds. */
  private void againstBound(
      StringBuilder md,
      String target,
      List<Measurement> rows,
      String id,
      Target other,
      ToDoubleFunction<Measurement> value,
      double bound,
      boolean atLeast) {
    ratios(find(rows, id, Target.PEERL), find(rows, id, other), value)
        .ifPresent(
            r ->
                verdict(
                    md,
                    target,
                    "Peerl / " + other.label + " = " + ratio(r),
                    r.median() / bound,
                    atLeast));
  }

  /**
   * {@code ofTarget} is measured / target: at least 1 meets an at-least target, at most 1 an
   * at-most one.
   */
  private static void verdict(
      StringBuilder md, String target, String measured, double ofTarget, boolean atLeast) {
    boolean met = atLeast ? ofTarget >= 1 : ofTarget <= 1;
    String how =
        met
            ? "met"
            : atLeast
                ? "**missed**: " + number(ofTarget * 100) + "% of the target"
                : "**missed**: " + number(ofTarget) + "x the bound";
    md.append("| ")
        .append(target)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(how)
        .append(" |\n");
  }

  /** Three significant digits, thousands grouped. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "–";
    }
    if (Math.abs(value) >= 1000) {
      return String.format("%,.0f", value);
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** ", 3 N for `bin-64k`", for the workloads whose full run warms up longer than N. */
  private static String longerWarmUps() {
    StringBuilder text = new StringBuilder();
    for (Workload workload : Workload.FORWARD) {
      if (workload.warmupTimes() > 1) {
        text.append(", ").append(workload.warmupTimes()).append(" N for `");
        text.append(workload.id()).append('`');
      }
    }
    return text.toString();
  }
}
