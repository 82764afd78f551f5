package dev.peerl.samples.bench.dist;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.samples.bench.dist.Measurement.Target;
import dev.peerl.samples.bench.dist.Workload.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The distribution benchmark: the same workloads against a BEAM node, a JInterface node and a Peerl
 * node, side by side in one run on this machine, and the reverse direction (each of them sending to
 * a BEAM sink); then a million Peerl processes. Prints a Markdown report and writes it to {@code
 * --out}. Run it through {@code scripts/bench-dist.sh}, which builds the jars.
 *
 * <pre>
 *   java -cp peerl-benchmarks.jar dev.peerl.samples.bench.dist.DistBenchmark [--quick]
 *     [--out FILE] [--only ID,ID...] [--jinterface-jar JAR] [--demo-jar JAR] [--bench-jar JAR]
 *     [--erlang-sources DIR] [--java-opts "OPTS"] [--million-java-opts "OPTS"] [--logs DIR]
 *     [--rounds N]
 * </pre>
 *
 * Each workload runs first once on each node with its whole count (a tenth with {@code --quick}),
 * thrown away so that connection setup and most JIT compilation are not measured ({@link
 * Workload#warmupCount}), then {@code --rounds} times for real (default 3; 1 with {@code --quick}),
 * the nodes taking turns; the report gives each figure's median over the rounds. A run's CPU time
 * is the difference of the OS processes' {@code /proc/<pid>/stat} times around it.
 */
public final class DistBenchmark {
  private static final Duration FULL_TIMEOUT = Duration.ofSeconds(300);
  private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final Atom OK = Atom.of("ok");

  /**
   * The Java nodes' JVM options unless {@code --java-opts} says otherwise, the same for every Java
   * node. The heap starts at 1 GiB so that G1 does not grow it during the measured rounds: each
   * growth of the young generation (to about 880 MB over a run of 64 KiB messages) made the round
   * it fell in about 1.5x slower (docs/performance.md, "Session 12: bin-64k").
   */
  private static final String DEFAULT_JAVA_OPTIONS = "-Xms1g -Xmx4g";

  private final Cluster cluster;
  private final boolean quick;
  private final int rounds;
  private final Duration timeout;
  private final CpuClock cpu = CpuClock.system();
  private final Set<Target> withoutSink = EnumSet.noneOf(Target.class);
  private final Map<Target, String> whyNot = new LinkedHashMap<>();
  private final Set<Target> withoutEcho = EnumSet.noneOf(Target.class);

  private DistBenchmark(Cluster cluster, boolean quick, int rounds) {
    this.cluster = cluster;
    this.quick = quick;
    this.rounds = rounds;
    this.timeout = quick ? QUICK_TIMEOUT : FULL_TIMEOUT;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    boolean quick = options.containsKey("quick");
    Path out = Path.of(options.getOrDefault("out", "samples/target/bench-dist.md"));
    Path logs = Path.of(options.getOrDefault("logs", "samples/target/bench-dist-logs"));
    Set<String> only =
        options.containsKey("only") ? Set.of(options.get("only").split(",")) : Set.of();
    Cluster.Settings settings =
        new Cluster.Settings(
            Path.of(options.getOrDefault("bench-jar", "samples/target/peerl-benchmarks.jar")),
            Path.of(options.getOrDefault("demo-jar", "samples/target/peerl-demo.jar")),
            Path.of(options.getOrDefault("jinterface-jar", "/usr/share/java/OtpErlang.jar")),
            Path.of(options.getOrDefault("erlang-sources", "samples/src/bench/erlang")),
            List.of(options.getOrDefault("java-opts", DEFAULT_JAVA_OPTIONS).trim().split("\\s+")),
            // The node that holds a million processes is set up as a deployment of one would be:
            // its heap up front (-Xms, and the pages touched at start: else the kernel's first
            // touch of each new heap page costs more than the spawns), and what survives a young
            // collection promoted at once (a process lives on: each copy of it into a survivor
            // space before the old generation is G1 work for nothing). See docs/performance.md,
            // sessions 9 and 12.
            List.of(
                options
                    .getOrDefault(
                        "million-java-opts",
                        "-Xmx4g -Xms4g -XX:+AlwaysPreTouch -XX:MaxTenuringThreshold=0")
                    .trim()
                    .split("\\s+")),
            // The default: the Peerl sender waits while its connection is busy, as a BEAM sender
            // is suspended, so the queue need not hold a whole run.
            131_072,
            logs);
    int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "1" : "3"));
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1: " + rounds);
    }
    Report report = new Report(quick, rounds, String.join(" ", args), settings);
    report.machine(Machine.describe());
    try (Cluster cluster = Cluster.start(settings)) {
      report.otp(
          ((Atom)
                  cluster.eval(
                      "list_to_atom(erlang:system_info(otp_release) ++ \" (erts \""
                          + " ++ erlang:system_info(version) ++ \")\")",
                      Duration.ofSeconds(10)))
              .name());
      DistBenchmark bench = new DistBenchmark(cluster, quick, rounds);
      bench.probe();
      for (Workload workload : Workload.FORWARD) {
        if (only.isEmpty() || only.contains(workload.id())) {
          report.forward(bench.forward(workload));
        }
      }
      for (Workload workload : Workload.REVERSE) {
        if (only.isEmpty() || only.contains("reverse-" + workload.id())) {
          report.reverse(bench.reverse(workload));
        }
      }
      if (only.isEmpty() || only.contains("million")) {
        report.million(bench.million());
      }
    }
    report.machineAfter(Machine.loadAverage());
    String markdown = report.markdown();
    System.out.println(markdown);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, markdown, StandardCharsets.UTF_8);
    System.err.println("Report written to " + out + "; node logs in " + logs);
    System.exit(0);
  }

  /** Finds out once which receivers have a sink and an echo, so a missing one costs no timeouts. */
  private void probe() throws InterruptedException {
    for (Target target : Target.values()) {
      Measurement sink =
          run(
              probeWorkload(Kind.SEND),
              target,
              1,
              sendExpression(cluster.receiverName(target), 1, 1, "{msg, probe}", PROBE_TIMEOUT),
              0,
              0);
      if (!sink.ok()) {
        withoutSink.add(target);
        whyNot.put(target, "no sink answered a probe: " + sink.failure().orElseThrow());
        cluster.recoverReceiver(target);
      }
      Measurement echo =
          run(
              probeWorkload(Kind.CALL),
              target,
              1,
              callExpression(cluster.receiverName(target), 1, 1, 0, PROBE_TIMEOUT),
              0,
              0);
      if (!echo.ok()) {
        withoutEcho.add(target);
        whyNot.merge(
            target,
            "no echo answered a probe: " + echo.failure().orElseThrow(),
            (a, b) -> a + "; " + b);
        cluster.recoverReceiver(target);
      }
    }
  }

  /**
   * Every receiver's rounds of a workload: a warm-up each, then {@link #rounds} measured rounds
   * taken in turn (BEAM, JInterface, Peerl, BEAM, ...), so that a slow spell of the machine falls
   * on all three rather than on one. A receiver that fails a round is recovered and not run again.
   */
  private List<Measurement> forward(Workload workload) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (Target target : Target.values()) {
      if (workload.kind() == Kind.SEND
          ? withoutSink.contains(target)
          : withoutEcho.contains(target)) {
        results.add(Measurement.failed(workload, target, whyNot.get(target)));
      } else {
        targets.add(target);
      }
    }
    results.addAll(
        inRounds(
            workload,
            targets,
            "",
            (target, count, label) -> forward(workload, target, count, label)));
    return results;
  }

  /** One run of a workload on one node: its count, and the label its progress line starts with. */
  @FunctionalInterface
  private interface OneRun {
    Measurement run(Target target, long count, String label) throws InterruptedException;
  }

  /**
   * A warm-up on each of {@code targets}, then {@link #rounds} measured rounds taken in turn; a
   * node that fails its warm-up or a round is not run again. The failures and the measured rounds,
   * in the order they ran.
   */
  private List<Measurement> inRounds(
      Workload workload, List<Target> targets, String prefix, OneRun once)
      throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    List<Target> running = new ArrayList<>();
    for (Target target : targets) {
      Measurement warmUp = once.run(target, workload.warmupCount(quick), prefix + "warm-up ");
      if (warmUp.ok()) {
        running.add(target);
      } else {
        results.add(warmUp);
      }
    }
    for (int round = 1; round <= rounds; round++) {
      for (Iterator<Target> each = running.iterator(); each.hasNext(); ) {
        Target target = each.next();
        Measurement measured = once.run(target, workload.count(quick), prefix + label(round));
        results.add(measured);
        if (!measured.ok()) {
          each.remove();
        }
      }
    }
    return results;
  }

  private Measurement forward(Workload workload, Target target, long count, String label)
      throws InterruptedException {
    String node = cluster.receiverName(target);
    String expression =
        workload.kind() == Kind.SEND
            ? sendExpression(node, workload.procs(), count, workload.message(), timeout)
            : callExpression(node, workload.procs(), count, workload.pauseMicros(), timeout);
    Measurement measured =
        run(workload, target, count, expression, cluster.receiverPid(target), cluster.driverPid());
    System.err.println(progress(label, measured));
    if (!measured.ok()) {
      cluster.recoverReceiver(target);
    }
    return measured;
  }

  /** Every sender's rounds of a workload to the BEAM sink, taken in turn as in {@link #forward}. */
  private List<Measurement> reverse(Workload workload) throws InterruptedException {
    return inRounds(
        workload,
        List.of(Target.values()),
        "reverse ",
        (target, count, label) -> reverse(workload, target, count, label));
  }

  private Measurement reverse(Workload workload, Target target, long count, String label)
      throws InterruptedException {
    String sink = "{sink, '" + cluster.beamName() + "'}";
    String expression =
        target == Target.BEAM
            ? sendExpression(
                cluster.beamName(), workload.procs(), count, workload.message(), timeout)
            : String.format(
                "peerl_bench:send_via({sender, '%s'}, %s, %d, %d, %s, %d)",
                cluster.senderName(target),
                sink,
                workload.procs(),
                count,
                workload.message(),
                timeout.toMillis());
    Measurement measured =
        run(workload, target, count, expression, cluster.beamPid(), cluster.senderPid(target));
    System.err.println(progress(label, measured));
    if (!measured.ok()) {
      cluster.recoverSender(target);
    }
    return measured;
  }

  private String label(int round) {
    return rounds == 1 ? "" : "round " + round + "/" + rounds + " ";
  }

  private Map<String, String> million() throws InterruptedException {
    int count = quick ? 100_000 : 1_000_000;
    Duration limit = quick ? Duration.ofSeconds(60) : Duration.ofSeconds(300);
    cluster.eval("peerl_bench:fanout_start()", Duration.ofSeconds(10));
    Map<String, String> results = new LinkedHashMap<>();
    try (ChildProcess million = cluster.startMillionProcesses(count, rounds, limit)) {
      List<String> lines =
          million.awaitLine(
              line -> line.equals("done") || line.startsWith("failed"), limit.multipliedBy(3));
      for (String line : lines) {
        String[] words = line.split(" ", 3);
        if (words[0].equals("result") && words.length == 3) {
          results.put(words[1], words[2]);
        } else if (words[0].equals("failed")) {
          results.put("failed", line);
        }
      }
    } catch (IllegalStateException e) {
      results.put("failed", e.getMessage());
    }
    System.err.println("million: " + results);
    return results;
  }

  private Measurement run(
      Workload workload,
      Target target,
      long count,
      String expression,
      long receiverPid,
      long senderPid) {
    try {
      long receiver0 = receiverPid == 0 ? 0 : cpu.cpuNanos(receiverPid);
      long sender0 = senderPid == 0 ? 0 : cpu.cpuNanos(senderPid);
      Term result = cluster.eval(expression, timeout.plusSeconds(30));
      long receiverCpu = receiverPid == 0 ? 0 : cpu.cpuNanos(receiverPid) - receiver0;
      long senderCpu = senderPid == 0 ? 0 : cpu.cpuNanos(senderPid) - sender0;
      return measurement(workload, target, count, result, receiverCpu, senderCpu);
    } catch (RuntimeException e) {
      return Measurement.failed(
          workload, target, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * {@code {ok, Wall, SinkMicros, Size}}, {@code {ok, Wall, Latencies}} or {@code {error, Why}}.
   */
  private static Measurement measurement(
      Workload workload, Target target, long count, Term result, long receiverCpu, long senderCpu) {
    if (result instanceof Tuple tuple && tuple.arity() >= 3 && OK.equals(tuple.get(0))) {
      long wall = ((Int) tuple.get(1)).value();
      if (tuple.arity() == 4) {
        long size = ((Int) tuple.get(3)).value();
        return new Measurement(
            workload,
            target,
            Optional.empty(),
            count,
            wall,
            size,
            receiverCpu,
            senderCpu,
            Optional.empty());
      }
      List<Term> elements = ((ErlList) tuple.get(2)).elements();
      long[] latencies = new long[elements.size()];
      for (int i = 0; i < latencies.length; i++) {
        latencies[i] = ((Int) elements.get(i)).value();
      }
      return new Measurement(
          workload,
          target,
          Optional.empty(),
          count,
          wall,
          0,
          receiverCpu,
          senderCpu,
          Optional.of(Percentiles.of(latencies)));
    }
    return Measurement.failed(workload, target, result.toString());
  }

  private static String sendExpression(
      String node, int procs, long count, String message, Duration timeout) {
    return String.format(
        "peerl_bench:send({sink, '%s'}, %d, %d, %s, %d)",
        node, procs, count, message, timeout.toMillis());
  }

  private static String callExpression(
      String node, int procs, long count, int pauseMicros, Duration timeout) {
    return String.format(
        "peerl_bench:call({echo, '%s'}, %d, %d, %d, %d)",
        node, procs, count, timeout.toMillis(), pauseMicros);
  }

  private static Workload probeWorkload(Kind kind) {
    return new Workload("probe", "probe", kind, 1, 1, 1, "{msg, probe}", 1, 0);
  }

  private static String progress(String prefix, Measurement m) {
    String what = prefix + m.workload().id() + " " + m.node().label + ": ";
    if (!m.ok()) {
      return what + "FAILED " + m.failure().orElseThrow();
    }
    return what
        + String.format(
            "%,.0f/s, receiver CPU %.2f us, sender CPU %.2f us each",
            m.perSecond(), m.receiverCpuMicrosEach(), m.senderCpuMicrosEach());
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("not an option: " + args[i]);
      }
      String name = args[i].substring(2);
      if (name.equals("quick")) {
        options.put(name, "");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
    }
    return options;
  }
}
