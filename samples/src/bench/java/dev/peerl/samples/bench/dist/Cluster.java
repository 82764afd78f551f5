package dev.peerl.samples.bench.dist;

import dev.peerl.codec.Term;
import dev.peerl.samples.bench.dist.Measurement.Target;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's nodes, each an OS process of its own on this machine, all with one cookie and the
 * EPMD that the first erl starts:
 *
 * <ul>
 *   <li>the <b>driver</b>, an erl node running {@code peerl_bench}: the Erlang senders and callers
 *       of every workload, told what to do over its standard input (the test kit's eval);
 *   <li>the <b>BEAM</b> node: the BEAM receiver ({@code peerl_bench:serve/0}), and the sink of the
 *       reverse direction;
 *   <li>the <b>JInterface</b> node ({@link JInterfaceNode}): receiver and reverse sender;
 *   <li>the <b>Peerl</b> demo node ({@code peerl-demo.jar}): the receiver;
 *   <li>the <b>Peerl sender</b> node ({@link PeerlSenderNode}): the reverse sender.
 * </ul>
 *
 * A Java node that failed a run is replaced by a new one with a new name, so that a sink still
 * counting the messages of a failed run cannot spoil the next.
 */
final class Cluster implements AutoCloseable {
  /**
   * Hidden, like the Java nodes, so every connection is alike; no scheduler busy-waiting, so the
   * CPU time of a BEAM counts its work rather than its spinning while it waits for the next message
   * (on 2 cores a spinning scheduler also takes CPU from the node it waits for).
   */
  static final List<String> BEAM_ARGS =
      List.of("-hidden", "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none");

  /** Where the jars are, how to run Java, where the logs go. */
  record Settings(
      Path benchJar,
      Path demoJar,
      Path jinterfaceJar,
      Path erlangSources,
      List<String> javaOptions,
      List<String> millionJavaOptions,
      int peerlSenderQueue,
      Path logDirectory) {}

  private final Settings settings;
  private final String cookie;
  private final ErlangTestNode driver;
  private final ErlangTestNode beam;
  private final String host;
  private final String runId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private int generation;
  private JavaNode jinterface;
  private JavaNode peerl;
  private JavaNode peerlSender;

  private record JavaNode(String name, ChildProcess process) {}

  private Cluster(Settings settings, String cookie, ErlangTestNode driver, ErlangTestNode beam) {
    this.settings = settings;
    this.cookie = cookie;
    this.driver = driver;
    this.beam = beam;
    this.host = driver.nodeName().substring(driver.nodeName().indexOf('@') + 1);
  }

  static Cluster start(Settings settings) throws InterruptedException {
    String cookie =
        "peerl_bench_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    Path beams = ErlangCompiler.compile(settings.erlangSources());
    ErlangTestNode.Builder erl =
        ErlangTestNode.builder()
            .cookie(cookie)
            .codePath(beams)
            .args(BEAM_ARGS.toArray(String[]::new));
    ErlangTestNode driver = erl.namePrefix("bench_driver").start();
    ErlangTestNode beam = erl.namePrefix("bench_beam").start();
    Cluster cluster = new Cluster(settings, cookie, driver, beam);
    try {
      cluster.serveBeam();
      cluster.jinterface = cluster.startJInterface();
      cluster.peerl = cluster.startPeerl();
      cluster.peerlSender = cluster.startPeerlSender();
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  /** Evaluates an expression on the driver. */
  Term eval(String expression, Duration timeout) {
    return driver.eval(expression, timeout);
  }

  /** Evaluates an expression on the BEAM node. */
  Term evalOnBeam(String expression) {
    return beam.eval(expression);
  }

  String driverName() {
    return driver.nodeName();
  }

  long driverPid() {
    return driver.osPid();
  }

  String beamName() {
    return beam.nodeName();
  }

  long beamPid() {
    return beam.osPid();
  }

  /** The node that receives a forward workload. */
  String receiverName(Target target) {
    return switch (target) {
      case BEAM -> beam.nodeName();
      case JINTERFACE -> jinterface.name();
      case PEERL -> peerl.name();
    };
  }

  long receiverPid(Target target) {
    return switch (target) {
      case BEAM -> beam.osPid();
      case JINTERFACE -> jinterface.process().pid();
      case PEERL -> peerl.process().pid();
    };
  }

  /** The node that sends a reverse workload; the BEAM sender is the driver itself. */
  String senderName(Target target) {
    return switch (target) {
      case BEAM -> driver.nodeName();
      case JINTERFACE -> jinterface.name();
      case PEERL -> peerlSender.name();
    };
  }

  long senderPid(Target target) {
    return switch (target) {
      case BEAM -> driver.osPid();
      case JINTERFACE -> jinterface.process().pid();
      case PEERL -> peerlSender.process().pid();
    };
  }

  /** After a failed forward run: a new sink on the BEAM node, or a new Java node. */
  void recoverReceiver(Target target) throws InterruptedException {
    switch (target) {
      case BEAM -> serveBeam();
      case JINTERFACE -> {
        jinterface.process().close();
        jinterface = startJInterface();
      }
      case PEERL -> {
        peerl.process().close();
        peerl = startPeerl();
      }
    }
  }

  /** After a failed reverse run: a new BEAM sink, and a new sender if it was a Java node. */
  void recoverSender(Target target) throws InterruptedException {
    serveBeam();
    switch (target) {
      case BEAM -> {}
      case JINTERFACE -> recoverReceiver(Target.JINTERFACE);
      case PEERL -> {
        peerlSender.process().close();
        peerlSender = startPeerlSender();
      }
    }
  }

  /**
   * Starts a {@link MillionProcesses} run against the driver; the caller reads its output and
   * closes it.
   */
  ChildProcess startMillionProcesses(int count, int rounds, Duration timeout) {
    List<String> command = java(settings.millionJavaOptions());
    command.addAll(
        List.of("-cp", settings.benchJar().toString(), MillionProcesses.class.getName()));
    command.addAll(nodeArgs(nextName("bench_million")));
    command.addAll(
        List.of(
            "--driver",
            driver.nodeName(),
            "--count",
            Integer.toString(count),
            "--rounds",
            Integer.toString(rounds),
            "--timeout-s",
            Long.toString(timeout.toSeconds())));
    return ChildProcess.start("million", command, settings.logDirectory());
  }

  @Override
  public void close() {
    for (JavaNode node : new JavaNode[] {jinterface, peerl, peerlSender}) {
      if (node != null) {
        node.process().close();
      }
    }
    beam.close();
    driver.close();
  }

  private void serveBeam() {
    beam.eval("peerl_bench:serve()");
  }

  private JavaNode startJInterface() throws InterruptedException {
    String classpath = settings.jinterfaceJar() + ":" + settings.benchJar();
    List<String> command = java();
    command.addAll(List.of("-cp", classpath, JInterfaceNode.class.getName()));
    return startJava("jinterface", command);
  }

  private JavaNode startPeerl() throws InterruptedException {
    List<String> command = java();
    command.addAll(List.of("-jar", settings.demoJar().toString()));
    return startJava("peerl", command);
  }

  private JavaNode startPeerlSender() throws InterruptedException {
    List<String> command = java();
    command.addAll(List.of("-cp", settings.benchJar().toString(), PeerlSenderNode.class.getName()));
    command.addAll(List.of("--outbound-queue-size", Integer.toString(settings.peerlSenderQueue())));
    return startJava("peerl_sender", command);
  }

  private JavaNode startJava(String label, List<String> command) throws InterruptedException {
    String name = nextName("bench_" + label);
    command.addAll(nodeArgs(name));
    ChildProcess process = ChildProcess.start(name, command, settings.logDirectory());
    try {
      process.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException | InterruptedException e) {
      process.close();
      throw e;
    }
    return new JavaNode(name, process);
  }

  private String nextName(String prefix) {
    // Random per run, so that two runs on one machine (one EPMD) never take each other's names.
    return prefix + "_" + runId + "_" + ++generation + "@" + host;
  }

  private List<String> nodeArgs(String name) {
    return List.of("--name", name, "--cookie", cookie);
  }

  private List<String> java() {
    return java(settings.javaOptions());
  }

  private static List<String> java(List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(options);
    return command;
  }
}
