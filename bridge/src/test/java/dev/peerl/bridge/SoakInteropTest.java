package dev.peerl.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.bridge.genserver.GenServerClient;
import dev.peerl.bridge.genserver.ServerRef;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.node.TableSizes;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soak: traffic both ways throughout (messages each way, {@code gen_server} calls each way,
 * short-lived Java processes that link to and monitor an erl process) while erl drops the
 * connection every few seconds. Every sample records the heap after a GC, the node's tables, its
 * connections and the calls under way; every kind of traffic must go on after the connection was
 * dropped twice, and once traffic stops, the tables are back to where they started and the heap has
 * not grown.
 *
 * <p>The suite runs it for {@code 12 s}; {@code scripts/soak.sh [minutes]} runs the long form
 * ({@code -Dpeerl.soak.seconds}, {@code -Dpeerl.soak.sample-seconds}, {@code
 * -Dpeerl.soak.disconnect-ms}) and writes the table to {@code bridge/target/soak-report.md}.
 */
class SoakInteropTest {
  private static final String COOKIE = "peerl_soak_cookie";
  private static final long SECONDS = Long.getLong("peerl.soak.seconds", 12);
  private static final long SAMPLE_SECONDS = Long.getLong("peerl.soak.sample-seconds", 2);
  private static final long DISCONNECT_MS = Long.getLong("peerl.soak.disconnect-ms", 2000);
  // Messages each way every 10 ms, and calls each way kept under way at once.
  private static final int BATCH = 20;
  private static final int CALLERS = 4;
  private static final int SPAWNS = 5;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final long MIB = 1 << 20;

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_soak", "peerl_gs_test")));

  private static BridgeTestNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** One sample; the counters are totals since the start. */
  private record Sample(
      long second,
      long heap,
      TableSizes tables,
      int connections,
      int pendingCalls,
      long erlToJava,
      long javaToErl,
      long callsOk,
      long callsFailed,
      long erlCallsOk,
      long erlCallsFailed,
      long disconnects) {
    static final String HEADER =
        "| t (s) | heap after GC (MiB) | processes | names | aliases | links | monitors (ours/theirs)"
            + " | connections | pending calls | erl->java msgs | java->erl msgs | calls java->erl"
            + " ok/failed | calls erl->java ok/failed | disconnects |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    String row() {
      return String.format(
          Locale.ROOT,
          "| %d | %.1f | %d | %d | %d | %d | %d/%d | %d | %d | %d | %d | %d/%d | %d/%d | %d |",
          second,
          heap / (double) MIB,
          tables.pids(),
          tables.names(),
          tables.aliases(),
          tables.remoteLinks(),
          tables.remoteMonitors(),
          tables.remoteWatched(),
          connections,
          pendingCalls,
          erlToJava,
          javaToErl,
          callsOk,
          callsFailed,
          erlCallsOk,
          erlCallsFailed,
          disconnects);
    }
  }

  /** The Java side's traffic, until {@link #stop}. */
  private static final class JavaTraffic {
    final ErlangNode node = java.node();
    final GenServerClient client;
    final ServerRef erlServer = ServerRef.of("soak_server", erlang.node().nodeAtom());
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong callsOk = new AtomicLong();
    final AtomicLong callsFailed = new AtomicLong();
    final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    final Pid self;
    volatile boolean stopping;

    /** The Java sink ({@code soak_sink}) and server ({@code soak_echo}) the erl side uses. */
    JavaTraffic() throws Exception {
      client = java.bridge().genServers();
      self =
          node.spawn(
                  "soak_sink",
                  ctx ->
                      Behaviors.receive(ProcessMessage.class)
                          .onAnyMessage(
                              m -> {
                                received.incrementAndGet();
                                return Behaviors.same();
                              })
                          .build())
              .pid();
      node.spawn(
          "soak_echo",
          GenServer.<Integer>create(ctx -> 0)
              .onCall((ctx, state, request, from) -> GenServer.reply(request, state))
              .build());
    }

    void start(Pid erlSink) {
      scheduler.scheduleAtFixedRate(() -> tick(erlSink), 0, 10, TimeUnit.MILLISECONDS);
      for (int i = 0; i < CALLERS; i++) {
        call(i * 1_000_000_000L);
      }
    }

    private void tick(Pid erlSink) {
      if (stopping) {
        return;
      }
      try {
        sendAndSpawn(erlSink);
      } catch (RuntimeException e) {
        // An exception would end the scheduled task silently: keep the first for the test.
        failure.compareAndSet(null, e);
        throw e;
      }
    }

    private void sendAndSpawn(Pid erlSink) {
      for (int i = 0; i < BATCH; i++) {
        node.send(
            self,
            Atom.of("soak_sink"),
            erlang.node().nodeAtom(),
            Tuple.of(Atom.of("soak"), Int.of(sent.incrementAndGet())));
      }
      for (int i = 0; i < SPAWNS; i++) {
        // Links and monitors with an erl process, made and broken all the time (a nodedown
        // breaks them too).
        // (Told to stop once spawn has returned: a send to itself from its factory could come
        // before its pid is in the node's table, and be dropped.)
        Pid pid =
            node.spawn(
                    ctx -> {
                      ctx.link(erlSink);
                      ctx.monitor(erlSink);
                      return Behaviors.receive(ProcessMessage.class)
                          .onAnyMessage(m -> Behaviors.stopped())
                          .build();
                    })
                .pid();
        node.send(pid, pid, Atom.of("done"));
      }
    }

    private void call(long n) {
      if (stopping) {
        return;
      }
      Tuple request = Tuple.of(Atom.of("echo"), Int.of(n));
      client
          .call(erlServer, request, CALL_TIMEOUT)
          .whenComplete(
              (reply, failure) -> {
                if (failure == null && Int.of(n).equals(reply)) {
                  callsOk.incrementAndGet();
                  call(n + 1);
                } else {
                  // The connection is down, or on its way back: try again a little later.
                  callsFailed.incrementAndGet();
                  if (!stopping) {
                    scheduler.schedule(() -> call(n + 1), 50, TimeUnit.MILLISECONDS);
                  }
                }
              });
    }

    void stop() throws InterruptedException {
      stopping = true;
      scheduler.shutdown();
      assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void tablesAndHeapStayFlatWhileConnectionsDropAndComeBack() throws Exception {
    java.node().connect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    erlang.node().eval("peerl_gs_test:start(soak_server)");
    JavaTraffic traffic = new JavaTraffic();
    TableSizes baseline = awaitQuiet(null);

    long start = System.nanoTime();
    Pid erlSink =
        (Pid)
            erlang
                .node()
                .eval(
                    "peerl_soak:start(Java, " + BATCH + ", " + CALLERS + ", " + DISCONNECT_MS + ")",
                    Map.of("Java", java.name()));
    traffic.start(erlSink);
    List<Sample> samples = new CopyOnWriteArrayList<>();
    samples.add(sample(0, traffic));
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    sampler.scheduleAtFixedRate(
        () -> {
          try {
            long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            Sample sample = sample(second, traffic);
            samples.add(sample);
            System.out.println("SOAK " + sample.row());
            if (second >= SECONDS) {
              finished.complete(null);
            }
          } catch (RuntimeException e) {
            finished.completeExceptionally(e);
          }
        },
        SAMPLE_SECONDS,
        SAMPLE_SECONDS,
        TimeUnit.SECONDS);
    try {
      finished.get(SECONDS + 60, TimeUnit.SECONDS);
    } finally {
      sampler.shutdown();
      assertTrue(sampler.awaitTermination(30, TimeUnit.SECONDS));
    }

    traffic.stop();
    erlang.node().eval("peerl_soak:stop()", Duration.ofSeconds(15));
    TableSizes after = awaitQuiet(baseline);
    Sample last = sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), traffic);
    samples.add(last);
    report(samples);

    assertEquals(baseline, after, "the tables once traffic stopped");
    assertNull(traffic.failure.get(), "the Java side's traffic failed");
    // Traffic came back after the connection had been dropped twice, each kind of it.
    Sample running = samples.get(samples.size() - 2);
    Sample dropped =
        samples.stream().filter(sample -> sample.disconnects() >= 2).findFirst().orElseThrow();
    assertTrue(running.erlToJava() > dropped.erlToJava(), "erl -> java messages went on");
    assertTrue(running.javaToErl() > dropped.javaToErl(), "java -> erl messages went on");
    assertTrue(running.callsOk() > dropped.callsOk(), "java -> erl calls went on");
    assertTrue(running.erlCallsOk() > dropped.erlCallsOk(), "erl -> java calls went on");
    // Generous: a leak of what passed through (a million messages in the long form) grows far more.
    long firstHeap = Math.max(samples.get(0).heap(), samples.get(1).heap());
    assertTrue(
        last.heap() <= 2 * firstHeap + 64 * MIB,
        "heap after GC: "
            + firstHeap / MIB
            + " MiB at first, "
            + last.heap() / MIB
            + " at the end");
  }

  /** Waits until no call is under way and the tables are back to {@code baseline} (any if null). */
  private static TableSizes awaitQuiet(TableSizes baseline) throws Exception {
    return java.testKit()
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(20),
            () -> {
              assertEquals(0, java.bridge().genServers().pendingCalls());
              TableSizes now = java.node().tableSizes();
              if (baseline != null) {
                assertEquals(baseline, now);
              }
              return now;
            });
  }

  private static Sample sample(long second, JavaTraffic traffic) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Tuple erl = (Tuple) erlang.node().eval("peerl_soak:counts()");
    return new Sample(
        second,
        heap,
        java.node().tableSizes(),
        java.node().connectedNodes().size(),
        traffic.client.pendingCalls(),
        traffic.received.get(),
        count(erl, 0),
        traffic.callsOk.get(),
        traffic.callsFailed.get(),
        count(erl, 2),
        count(erl, 3),
        count(erl, 4));
  }

  private static long count(Tuple counts, int index) {
    return ((Int) counts.get(index)).value();
  }

  private static void report(List<Sample> samples) throws Exception {
    StringBuilder table = new StringBuilder(Sample.HEADER).append('\n');
    samples.forEach(s -> table.append(s.row()).append('\n'));
    System.out.print(table);
    Path file = Path.of("target", "soak-report.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, table);
  }
}
