package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Senders and a real erl peer that stops reading: the erl node is frozen (SIGSTOP), so its socket
 * stays open and the Java node's writes stall once the socket buffers are full, then thawed
 * (SIGCONT). The bytes waiting on the connection stay under {@code outbound-queue-bytes}; senders
 * that go at the connection's pace ({@link ErlangNode#isBusy}, {@link ErlangNode#whenNotBusy}) wait
 * instead of losing messages and go on when the peer reads again, and erl checks every sender's
 * sequence numbers.
 */
class SendFlowInteropTest {
  private static final String COOKIE = "peerl_sendflow_cookie";
  private static final long QUEUE_BYTES = 4L * 1024 * 1024;
  private static final long BUSY_LIMIT = 512L * 1024;
  private static final String SETTINGS =
      "peerl.distribution { outbound-queue-bytes = 4MiB, outbound-busy-limit = 512KiB }";
  private static final int PAYLOAD = 64 * 1024;
  private static final Path CODE = ErlangCompiler.compileResources("peerl_sendflow_test");
  private static final Atom SINK = Atom.of("flow_sink");
  private static final Atom SEQ = Atom.of("seq");
  private static final Atom RESUME = Atom.of("resume");
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.of(erl());

  private static JavaNode java;

  private static ErlangTestNode.Builder erl() {
    return ErlangTestNode.builder().cookie(COOKIE).codePath(CODE);
  }

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, SETTINGS);
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  @Test
  void pacedSendersWaitForAFrozenPeerAndResumeWithoutLossOrReorderingWhenItReads()
      throws Exception {
    int senders = 4;
    int count = 250; // 4 x 250 x 64 KiB: far more than the socket buffers take
    Binary payload = Binary.of(new byte[PAYLOAD]);
    try (ErlangTestNode peer = erl().start()) {
      Atom node = peer.nodeAtom();
      peer.eval("peerl_sendflow_test:start_sink(flow_sink)");
      java.node.connect(node).toCompletableFuture().get(10, TimeUnit.SECONDS);
      AtomicInteger waiting = new AtomicInteger();
      AtomicInteger waits = new AtomicInteger();
      CountDownLatch finished = new CountDownLatch(senders);
      peer.signal("STOP");
      try {
        for (int id = 1; id <= senders; id++) {
          pacedSender(node, id, count, payload, waiting, waits, finished);
        }
        // Every sender comes to wait: the peer reads nothing, so once the socket's buffers are full
        // the bytes waiting stay above half the busy limit, where waiting senders are resumed.
        await(
            () ->
                waiting.get() == senders
                    && java.node.connectionStats(node).orElseThrow().outboundBytes()
                        > BUSY_LIMIT / 2,
            "every sender waiting");
        ConnectionStats stats = java.node.connectionStats(node).orElseThrow();
        System.out.printf(
            "SENDFLOW frozen peer: %d senders waiting, %d KiB waiting (peak %d KiB), %d dropped%n",
            waiting.get(),
            stats.outboundBytes() / 1024,
            stats.outboundBytesPeak() / 1024,
            stats.dropped());
        assertEquals(senders, finished.getCount(), "no sender got through to a frozen peer");
        assertEquals(0, stats.dropped(), stats.toString());
        // At most one message per sender past the busy limit.
        assertTrue(
            stats.outboundBytesPeak() <= BUSY_LIMIT + senders * (PAYLOAD + 100L), stats.toString());
      } finally {
        peer.signal("CONT");
      }
      assertTrue(finished.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "senders finished");
      Tuple report =
          (Tuple)
              peer.eval(
                  "peerl_sendflow_test:await(flow_sink, Total, 60000)",
                  Map.of("Total", Int.of((long) senders * count)),
                  DEADLINE.plusSeconds(10));
      assertEquals(Int.of((long) senders * count), report.get(0), report.toString());
      List<Term> perSender = ((ErlList) report.get(1)).elements();
      assertEquals(senders, perSender.size(), report.toString());
      for (int id = 1; id <= senders; id++) {
        // {Id, Count, Last, Gaps, Back}: all of them, in order, none lost, none again.
        assertEquals(
            Tuple.of(Int.of(id), Int.of(count), Int.of(count), Int.of(0), Int.of(0)),
            perSender.get(id - 1),
            report.toString());
      }
      ConnectionStats stats = java.node.connectionStats(node).orElseThrow();
      System.out.printf(
          "SENDFLOW after thawing: %d messages in order, %d waits, peak %d KiB, %d dropped%n",
          senders * count, waits.get(), stats.outboundBytesPeak() / 1024, stats.dropped());
      assertEquals(0, stats.dropped(), stats.toString());
      assertTrue(stats.outboundBytesPeak() <= QUEUE_BYTES, stats.toString());
    }
  }

  @Test
  void aBurstToAFrozenPeerKeepsTheBytesWaitingUnderTheBoundAndDropsTheRestInOrder()
      throws Exception {
    int sends = 400; // 25 MiB of 64 KiB messages, not paced
    Binary payload = Binary.of(new byte[PAYLOAD]);
    try (ErlangTestNode peer = erl().start()) {
      Atom node = peer.nodeAtom();
      peer.eval("peerl_sendflow_test:start_sink(flow_sink)");
      java.node.connect(node).toCompletableFuture().get(10, TimeUnit.SECONDS);
      ProcessRef sender = java.node.spawn(ctx -> Behaviors.ignore());
      ConnectionStats stats;
      peer.signal("STOP");
      try {
        // A send never blocks: the deadline is the assertion that this loop finishes.
        CompletableFuture.runAsync(
                () -> {
                  for (int n = 1; n <= sends; n++) {
                    java.node.send(sender.pid(), SINK, node, seq(1, n, payload));
                  }
                })
            .get(30, TimeUnit.SECONDS);
        stats = java.node.connectionStats(node).orElseThrow();
        System.out.printf(
            "SENDFLOW burst to a frozen peer: %d of %d dropped, %d KiB waiting (peak %d KiB)%n",
            stats.dropped(), sends, stats.outboundBytes() / 1024, stats.outboundBytesPeak() / 1024);
        assertTrue(stats.dropped() > 0, stats.toString());
        assertTrue(stats.outboundBytesPeak() <= QUEUE_BYTES, stats.toString());
      } finally {
        peer.signal("CONT");
      }
      long taken = sends - stats.dropped();
      Tuple report =
          (Tuple)
              peer.eval(
                  "peerl_sendflow_test:await(flow_sink, Total, 60000)",
                  Map.of("Total", Int.of(taken)),
                  DEADLINE.plusSeconds(10));
      assertEquals(Int.of(taken), report.get(0), report.toString());
      Tuple only = (Tuple) ((ErlList) report.get(1)).elements().get(0);
      // The messages that went arrived in the order they were sent; the dropped ones are gaps.
      assertEquals(Int.of(0), only.get(4), report.toString());
      assertEquals(0, java.node.connectionStats(node).orElseThrow().outboundBytes());
    }
  }

  /** {@code {seq, Id, N, Payload}}. */
  private static Tuple seq(int id, long n, Binary payload) {
    return Tuple.of(SEQ, Int.of(id), Int.of(n), payload);
  }

  /**
   * A process that sends {@code count} sequence messages to {@code {flow_sink, node}}, stopping
   * while the connection is busy until it is not, as a BEAM sender is suspended.
   */
  private static void pacedSender(
      Atom node,
      int id,
      int count,
      Binary payload,
      AtomicInteger waiting,
      AtomicInteger waits,
      CountDownLatch finished) {
    java.node.spawn(
        ctx ->
            Behaviors.setup(
                setup -> {
                  long[] next = {1};
                  BooleanSupplier sendSome =
                      () -> {
                        while (next[0] <= count) {
                          if (java.node.isBusy(node)) {
                            waiting.incrementAndGet();
                            waits.incrementAndGet();
                            java.node.whenNotBusy(node).thenRun(() -> ctx.send(ctx.self(), RESUME));
                            return false;
                          }
                          ctx.send(SINK, node, seq(id, next[0]++, payload));
                        }
                        finished.countDown();
                        return true;
                      };
                  if (sendSome.getAsBoolean()) {
                    return Behaviors.stopped();
                  }
                  return Behaviors.receive(ProcessMessage.class)
                      .onMessage(
                          ProcessMessage.Message.class,
                          resume -> {
                            waiting.decrementAndGet();
                            return sendSome.getAsBoolean()
                                ? Behaviors.<ProcessMessage>stopped()
                                : Behaviors.<ProcessMessage>same();
                          })
                      .build();
                }));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + DEADLINE + ": " + what);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
