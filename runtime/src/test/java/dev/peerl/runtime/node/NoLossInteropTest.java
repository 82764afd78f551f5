package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.SequencedTraffic.Report;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No loss under load: {@value #SENDERS} processes on each side send sequenced messages to a
 * receiver each on the other side, both ways at once over one connection, and every receiver checks
 * its sender's sequence: nothing lost, reordered or duplicated, and the connection dropped nothing.
 *
 * <p>The senders are paced, as a correct set-up must be: each keeps at most {@value #WINDOW}
 * messages unacknowledged, so at most {@code SENDERS * WINDOW} messages (plus an acknowledgement
 * per {@value #ACK}) wait in the connection's outbound queue, far below its size (131,072): the
 * queue never has to drop. The suite sends 200,000 messages each way; {@code scripts/noloss.sh
 * [count]} runs the long form ({@code -Dpeerl.noloss.messages}, 10 million each way by default).
 */
class NoLossInteropTest {
  private static final String COOKIE = "peerl_noloss_cookie";
  private static final int SENDERS = 8;
  private static final long WINDOW = 8192;
  private static final long ACK = 1024;
  private static final long PER_SENDER = Long.getLong("peerl.noloss.messages", 200_000) / SENDERS;
  // The long form takes minutes: a run fails when nothing has moved for this long.
  private static final Duration STALL = Duration.ofSeconds(30);

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_noloss")));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** One direction: its receivers' reports, and when the last one came. */
  private static final class Direction {
    final String name;
    final List<CompletableFuture<Report>> reports = new ArrayList<>();
    final AtomicLong lastReport = new AtomicLong();

    Direction(String name) {
      this.name = name;
      for (int i = 0; i < SENDERS; i++) {
        CompletableFuture<Report> report = new CompletableFuture<>();
        report.thenRun(() -> lastReport.accumulateAndGet(System.nanoTime(), Math::max));
        reports.add(report);
      }
    }

    List<Report> done() {
      return reports.stream()
          .filter(CompletableFuture::isDone)
          .map(CompletableFuture::join)
          .toList();
    }

    long sum(ToLongFunction<Report> field) {
      return done().stream().mapToLong(field).sum();
    }

    long sent() {
      return PER_SENDER * SENDERS;
    }

    long lost() {
      return sent() - sum(Report::distinct);
    }

    String summary(long start) {
      long end = lastReport.get() == 0 ? System.nanoTime() : lastReport.get();
      double seconds = (end - start) / 1e9;
      return String.format(
          Locale.ROOT,
          "NOLOSS %s: senders %d, sent %d, received %d, lost %d, reordered %d, duplicates %d,"
              + " foreign %d, %.1f s, %.0f msg/s (reports from %d of %d receivers)",
          name,
          SENDERS,
          sent(),
          sum(Report::received),
          lost(),
          sum(Report::reordered),
          sum(Report::duplicates),
          sum(Report::foreign),
          seconds,
          sent() / seconds,
          done().size(),
          SENDERS);
    }

    void assertComplete() {
      assertAll(
          name,
          () -> assertEquals(SENDERS, done().size(), "receivers that reported"),
          () -> assertEquals(sent(), sum(Report::received), "received"),
          () -> assertEquals(0, lost(), "lost"),
          () -> assertEquals(0, sum(Report::reordered), "reordered"),
          () -> assertEquals(0, sum(Report::duplicates), "duplicates"),
          () -> assertEquals(0, sum(Report::foreign), "foreign"));
    }
  }

  @Test
  void sequencedMessagesArriveAllInOrderOnceBothWaysAtOnce() throws Exception {
    java.node.connect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    Direction erlToJava = new Direction("erl->java");
    Direction javaToErl = new Direction("java->erl");
    AtomicLong received = new AtomicLong();
    List<AtomicLong> acked = new ArrayList<>();

    List<Term> javaReceivers = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      long id = i + 1;
      CompletableFuture<Report> report = erlToJava.reports.get(i);
      javaReceivers.add(
          java.node
              .spawn(ctx -> SequencedTraffic.receiver(ctx, id, PER_SENDER, ACK, received, report))
              .pid());
    }
    Pid collector = java.node.spawn(ctx -> collector(javaToErl.reports)).pid();
    ErlList erlReceivers =
        (ErlList)
            eval(
                "peerl_noloss:receivers(Collector, "
                    + SENDERS
                    + ", "
                    + PER_SENDER
                    + ", "
                    + ACK
                    + ")",
                Map.of("Collector", collector));
    ConnectionStats before = stats();

    long start = System.nanoTime();
    eval(
        "peerl_noloss:senders(Receivers, " + PER_SENDER + ", " + WINDOW + ")",
        Map.of("Receivers", ErlList.of(javaReceivers)));
    for (int i = 0; i < SENDERS; i++) {
      long id = i + 1;
      Pid receiver = (Pid) erlReceivers.elements().get(i);
      AtomicLong senderAcked = new AtomicLong();
      acked.add(senderAcked);
      java.node.spawn(
          ctx -> SequencedTraffic.sender(ctx, receiver, id, PER_SENDER, WINDOW, senderAcked));
    }
    awaitReports(
        List.of(erlToJava, javaToErl),
        () -> received.get() + acked.stream().mapToLong(AtomicLong::get).sum(),
        start);

    ConnectionStats after = stats();
    System.out.println(erlToJava.summary(start));
    System.out.println(javaToErl.summary(start));
    System.out.printf(
        "NOLOSS connection: dropped %d, undeliverable %d, messages in %d, out %d%n",
        after.dropped() - before.dropped(),
        after.undeliverable() - before.undeliverable(),
        after.messagesIn() - before.messagesIn(),
        after.messagesOut() - before.messagesOut());
    erlToJava.assertComplete();
    javaToErl.assertComplete();
    assertEquals(0, after.dropped(), "messages the connection dropped");
    assertEquals(0, after.undeliverable(), "messages to no process");
    // The same connection carried everything: its counters went on from where they were.
    assertTrue(after.messagesIn() - before.messagesIn() >= erlToJava.sent(), after.toString());
    assertTrue(after.messagesOut() - before.messagesOut() >= javaToErl.sent(), after.toString());
  }

  /** A process that hands each erl receiver's report to its future. */
  private static Behavior<ProcessMessage> collector(List<CompletableFuture<Report>> reports) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body() instanceof Tuple t && t.isTagged(SequencedTraffic.REPORT, 8)) {
                Report report = Report.of(t);
                reports.get((int) report.id() - 1).complete(report);
              }
              return Behaviors.same();
            })
        .build();
  }

  /** Waits for every report, as long as messages keep arriving. */
  private static void awaitReports(List<Direction> directions, LongSupplier progress, long start)
      throws Exception {
    CompletableFuture<?> all =
        CompletableFuture.allOf(
            directions.stream()
                .flatMap(d -> d.reports.stream())
                .toArray(CompletableFuture<?>[]::new));
    long seen = -1;
    long moved = System.nanoTime();
    while (true) {
      try {
        all.get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException e) {
        long now = progress.getAsLong();
        if (now != seen) {
          seen = now;
          moved = System.nanoTime();
        } else if (System.nanoTime() - moved > STALL.toNanos()) {
          StringBuilder figures = new StringBuilder();
          directions.forEach(d -> figures.append('\n').append(d.summary(start)));
          fail("nothing arrived for " + STALL + "; connection " + stats() + figures);
        }
      }
    }
  }

  private static ConnectionStats stats() {
    return java.node.connectionStats(erlang.node().nodeAtom()).orElseThrow();
  }

  private static Term eval(String expression, Map<String, Term> bindings) {
    return erlang.node().eval(expression, bindings, Duration.ofSeconds(30));
  }
}
