package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundBytesTest {
  private static OutboundBytes bytes(long limit, long busyLimit) {
    return new OutboundBytes(limit, busyLimit, Runnable::run);
  }

  private static boolean isDone(CompletionStage<Done> stage) {
    return stage.toCompletableFuture().isDone();
  }

  @Test
  void takesMessagesWhileTheyFitAndRefusesTheOneThatWouldPassTheLimit() {
    OutboundBytes bytes = bytes(1000, 500);
    assertTrue(bytes.tryReserve(400));
    assertTrue(bytes.tryReserve(600));
    assertFalse(bytes.tryReserve(1));
    assertEquals(1000, bytes.waiting());
    bytes.release(600);
    assertFalse(bytes.tryReserve(601));
    assertTrue(bytes.tryReserve(600));
    assertEquals(1000, bytes.peak());
  }

  @Test
  void takesOneMessageLargerThanTheLimitWhenNothingWaits() {
    OutboundBytes bytes = bytes(1000, 500);
    assertTrue(bytes.tryReserve(5000));
    assertFalse(bytes.tryReserve(1));
    bytes.release(5000);
    assertTrue(bytes.tryReserve(1));
    assertFalse(bytes.tryReserve(5000));
    assertEquals(5000, bytes.peak());
  }

  @Test
  void isBusyOnlyAboveTheBusyLimit() {
    OutboundBytes bytes = bytes(1000, 500);
    assertTrue(bytes.tryReserve(500));
    assertFalse(bytes.isBusy());
    assertTrue(bytes.tryReserve(1));
    assertTrue(bytes.isBusy());
    bytes.release(1);
    assertFalse(bytes.isBusy());
  }

  @Test
  void whenNotBusyIsCompleteAtOnceIfNotBusy() {
    OutboundBytes bytes = bytes(1000, 500);
    assertTrue(isDone(bytes.whenNotBusy()));
    bytes.tryReserve(500);
    assertTrue(isDone(bytes.whenNotBusy()));
  }

  @Test
  void whenNotBusyCompletesForEveryWaiterOnceTheBytesFallToHalfTheBusyLimit() {
    OutboundBytes bytes = bytes(1000, 500);
    bytes.tryReserve(900);
    List<CompletionStage<Done>> waiters = List.of(bytes.whenNotBusy(), bytes.whenNotBusy());
    bytes.release(300); // 600: still busy
    waiters.forEach(w -> assertFalse(isDone(w)));
    bytes.release(100); // 500: not busy, but the waiters wait for some room
    assertFalse(bytes.isBusy());
    waiters.forEach(w -> assertFalse(isDone(w)));
    bytes.release(250); // 250: half the busy limit
    waiters.forEach(w -> assertTrue(isDone(w)));
    // A new busy spell has new waiters.
    bytes.tryReserve(400);
    CompletionStage<Done> next = bytes.whenNotBusy();
    assertFalse(isDone(next));
    bytes.release(400);
    assertTrue(isDone(next));
  }

  @Test
  void closingWakesTheWaitersAndIsNeverBusyAgain() {
    OutboundBytes bytes = bytes(1000, 0);
    bytes.tryReserve(10);
    CompletionStage<Done> waiter = bytes.whenNotBusy();
    assertFalse(isDone(waiter));
    bytes.close();
    assertTrue(isDone(waiter));
    assertFalse(bytes.isBusy());
    assertTrue(isDone(bytes.whenNotBusy()));
  }

  @Test
  void completesTheWaitersOnTheExecutorNotInTheReleasingThread() {
    List<Runnable> tasks = new ArrayList<>();
    OutboundBytes bytes = new OutboundBytes(1000, 0, tasks::add);
    bytes.tryReserve(10);
    CompletionStage<Done> waiter = bytes.whenNotBusy();
    bytes.release(10);
    assertFalse(isDone(waiter));
    assertEquals(1, tasks.size());
    tasks.get(0).run();
    assertTrue(isDone(waiter));
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "-1, 0", "100, 101", "100, -1"})
  void refusesLimitsOutOfRange(long limit, long busyLimit) {
    assertThrows(IllegalArgumentException.class, () -> bytes(limit, busyLimit));
  }

  @Test
  void manySendersAndAWriterNeverPassTheLimitNorLoseAWaiter() throws Exception {
    long limit = 64 * 1024;
    OutboundBytes bytes = bytes(limit, limit / 4);
    LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
    int senders = 4;
    int perSender = 20_000;
    AtomicLong refused = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(senders + 1);
    CountDownLatch sent = new CountDownLatch(senders);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int seed = s;
        running.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < perSender; i++) {
                    long size = 1 + (i * 7919L + seed) % 4000;
                    // Goes at the pace: waits whenever busy, as a paced sender does.
                    if (bytes.isBusy()) {
                      bytes.whenNotBusy().toCompletableFuture().join();
                    }
                    if (bytes.tryReserve(size)) {
                      queue.add(size);
                    } else {
                      refused.incrementAndGet();
                    }
                  }
                  sent.countDown();
                  return null;
                }));
      }
      Future<?> writer =
          threads.submit(
              () -> {
                while (sent.getCount() > 0 || !queue.isEmpty()) {
                  Long size = queue.poll(10, TimeUnit.MILLISECONDS);
                  if (size != null) {
                    bytes.release(size);
                  }
                }
                return null;
              });
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      writer.get(60, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    assertEquals(0, bytes.waiting());
    assertTrue(bytes.peak() <= limit, "peak " + bytes.peak());
    // Paced senders (at most one message each past the busy limit) are never refused.
    assertEquals(0, refused.get());
  }
}
