package dev.peerl.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HandOffExecutorTest {
  private static final long STEAL_AFTER = TimeUnit.MILLISECONDS.toNanos(1);

  /**
   * For tests that check where a handed-off task runs: with 1 ms, a busy machine that deschedules
   * the running task for a millisecond makes the watcher steal its next task, correctly, and the
   * test would see another thread.
   */
  private static final long NEVER_STEAL = TimeUnit.MINUTES.toNanos(10);

  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private HandOffExecutor executor;

  private HandOffExecutor start(int parallelism) {
    return start(parallelism, STEAL_AFTER);
  }

  private HandOffExecutor start(int parallelism, long stealAfterNanos) {
    executor =
        new HandOffExecutor(
            parallelism,
            pool -> {
              var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
              thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
              return thread;
            },
            stealAfterNanos,
            "test");
    return executor;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdownNow();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void theFirstTaskSubmittedFromATaskRunsRightAfterItOnTheSameThread() throws Exception {
    start(2, NEVER_STEAL);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<Thread> outerThread = new CompletableFuture<>();
    CompletableFuture<Thread> innerThread = new CompletableFuture<>();
    executor.execute(
        () -> {
          executor.execute(
              () -> {
                order.add("inner");
                innerThread.complete(Thread.currentThread());
              });
          order.add("outer returns");
          outerThread.complete(Thread.currentThread());
        });
    assertSame(outerThread.get(5, TimeUnit.SECONDS), innerThread.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("outer returns", "inner"), order);
  }

  @Test
  void aSecondTaskSubmittedFromTheSameTaskGoesToTheOtherThreads() throws Exception {
    start(2, NEVER_STEAL);
    CountDownLatch secondRan = new CountDownLatch(1);
    CompletableFuture<Boolean> outerSawSecond = new CompletableFuture<>();
    CompletableFuture<Thread> firstThread = new CompletableFuture<>();
    CompletableFuture<Thread> outerThread = new CompletableFuture<>();
    executor.execute(
        () -> {
          outerThread.complete(Thread.currentThread());
          executor.execute(() -> firstThread.complete(Thread.currentThread()));
          executor.execute(secondRan::countDown);
          try {
            // The second task runs while this one still holds its thread: it was not queued here.
            outerSawSecond.complete(secondRan.await(5, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            outerSawSecond.completeExceptionally(e);
          }
        });
    assertTrue(outerSawSecond.get(10, TimeUnit.SECONDS));
    assertSame(outerThread.get(5, TimeUnit.SECONDS), firstThread.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aTaskHandedOffBehindOneThatRunsLongIsGivenToAnotherThread() throws Exception {
    start(2);
    assertNextBehindABusyTaskIsStolen();
  }

  @Test
  void theWatcherWakesWhenItHadGoneIdle() throws Exception {
    start(2);
    assertNextBehindABusyTaskIsStolen();
    // No hand-off for well over 100 scans: the watcher parks until the next one.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (executor.watcher().getState() != Thread.State.WAITING) {
      assertTrue(System.nanoTime() < deadline, "the watcher never went idle");
      Thread.sleep(10);
    }
    assertNextBehindABusyTaskIsStolen();
  }

  private void assertNextBehindABusyTaskIsStolen() throws Exception {
    CountDownLatch nextRan = new CountDownLatch(1);
    CompletableFuture<Thread> nextThread = new CompletableFuture<>();
    CompletableFuture<Boolean> outerSawNext = new CompletableFuture<>();
    CompletableFuture<Thread> outerThread = new CompletableFuture<>();
    executor.execute(
        () -> {
          outerThread.complete(Thread.currentThread());
          executor.execute(
              () -> {
                nextThread.complete(Thread.currentThread());
                nextRan.countDown();
              });
          try {
            outerSawNext.complete(nextRan.await(5, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            outerSawNext.completeExceptionally(e);
          }
        });
    assertTrue(outerSawNext.get(10, TimeUnit.SECONDS), "the waiting task was never stolen");
    assertNotSame(outerThread.get(5, TimeUnit.SECONDS), nextThread.get(5, TimeUnit.SECONDS));
  }

  @Test
  void tasksFromOutsideThePoolRunOnItsThreads() throws Exception {
    start(2);
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    executor.execute(() -> ran.complete(Thread.currentThread()));
    Thread thread = ran.get(5, TimeUnit.SECONDS);
    assertNotSame(Thread.currentThread(), thread);
    assertTrue(thread.getName().startsWith("ForkJoinPool"), thread.getName());
  }

  @Test
  void aTaskThatThrowsDoesNotLoseTheTaskItHandedOff() throws Exception {
    start(1);
    CountDownLatch nextRan = new CountDownLatch(1);
    executor.execute(
        () -> {
          executor.execute(nextRan::countDown);
          throw new IllegalStateException("boom");
        });
    assertTrue(nextRan.await(5, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (uncaught.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals("boom", uncaught.get(0).getMessage());
    // The pool goes on after it.
    CountDownLatch after = new CountDownLatch(1);
    executor.execute(after::countDown);
    assertTrue(after.await(5, TimeUnit.SECONDS));
  }

  @Test
  void aTaskThatKeepsHandingItselfOnRunsEveryTime() throws Exception {
    start(1);
    int times = 10 * HandOffExecutor.MAX_CHAIN + 3;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Runnable step =
        new Runnable() {
          @Override
          public void run() {
            if (runs.incrementAndGet() == times) {
              done.countDown();
            } else {
              executor.execute(this);
            }
          }
        };
    executor.execute(step);
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(times, runs.get());
  }

  @Test
  void manyTasksHandingOffToEachOtherAllRun() throws Exception {
    start(2);
    int chains = 200;
    int hops = 500;
    CountDownLatch done = new CountDownLatch(chains);
    AtomicInteger runs = new AtomicInteger();
    for (int c = 0; c < chains; c++) {
      executor.execute(hop(hops, runs, done));
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(chains * hops, runs.get());
  }

  private Runnable hop(int left, AtomicInteger runs, CountDownLatch done) {
    return () -> {
      runs.incrementAndGet();
      if (left == 1) {
        done.countDown();
      } else {
        // Two submissions per task: one is handed off, the other goes to the pool.
        executor.execute(() -> {});
        executor.execute(hop(left - 1, runs, done));
      }
    };
  }

  @Test
  void shutdownStopsTheWatcherAndRefusesNewTasks() throws Exception {
    start(2);
    CountDownLatch ran = new CountDownLatch(1);
    executor.execute(ran::countDown);
    assertTrue(ran.await(5, TimeUnit.SECONDS));
    executor.shutdown();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    executor.watcher().join(5_000);
    assertFalse(executor.watcher().isAlive());
    assertTrue(executor.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> {}));
  }

  @Test
  void aTaskSubmittedInRunHereRunsOnTheCallingThreadWithWhatItHandsOff() throws Exception {
    start(2, NEVER_STEAL);
    List<String> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    HandOffExecutor.runHere(
        () ->
            executor.execute(
                () -> {
                  threads.add(Thread.currentThread());
                  executor.execute(
                      () -> {
                        threads.add(Thread.currentThread());
                        order.add("handed off");
                      });
                  order.add("woken");
                }),
        () -> order.add("stuck"));
    order.add("returned");
    assertEquals(List.of("woken", "handed off", "returned"), order);
    assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), threads);
  }

  @Test
  void onlyTheFirstTaskSubmittedInRunHereRunsHere() throws Exception {
    start(2);
    CompletableFuture<Thread> first = new CompletableFuture<>();
    CompletableFuture<Thread> second = new CompletableFuture<>();
    HandOffExecutor.runHere(
        () -> {
          executor.execute(() -> first.complete(Thread.currentThread()));
          executor.execute(() -> second.complete(Thread.currentThread()));
        },
        () -> {});
    assertSame(Thread.currentThread(), first.getNow(null));
    assertNotSame(Thread.currentThread(), second.get(5, TimeUnit.SECONDS));
  }

  @Test
  void runHereWithoutAHandOffExecutorOnlyRunsTheTrigger() throws Exception {
    start(2);
    var plain = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Thread> ran = new CompletableFuture<>();
      HandOffExecutor.runHere(
          () -> plain.execute(() -> ran.complete(Thread.currentThread())), null);
      assertNotSame(Thread.currentThread(), ran.get(5, TimeUnit.SECONDS));
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void aTaskThatHoldsTheCallingThreadIsReportedOnceAndOthersAreNotHeldUp() throws Exception {
    start(2);
    CountDownLatch stuckReported = new CountDownLatch(1);
    AtomicInteger reports = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> handedOff = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () ->
                HandOffExecutor.runHere(
                    () ->
                        executor.execute(
                            () -> {
                              executor.execute(() -> handedOff.complete(Thread.currentThread()));
                              awaitUninterrupted(release); // until the watcher has reported it
                            }),
                    () -> {
                      reports.incrementAndGet();
                      stuckReported.countDown();
                    }));
    caller.start();
    assertTrue(stuckReported.await(10, TimeUnit.SECONDS), "the stuck task was never reported");
    // The task it handed off was stolen by the pool meanwhile.
    assertNotSame(caller, handedOff.get(5, TimeUnit.SECONDS));
    release.countDown();
    caller.join();
    assertEquals(1, reports.get());
  }

  @Test
  @Timeout(30)
  void aStuckGuestIsReportedAlsoWhenTheWatcherSleptAndNothingIsHandedOff() throws Exception {
    start(2);
    assertNextBehindABusyTaskIsStolen();
    while (executor.watcher().getState() != Thread.State.WAITING) {
      Thread.sleep(10); // no hand-off for 100 scans: the watcher parks until woken
    }
    CountDownLatch stuckReported = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread caller =
        new Thread(
            () ->
                HandOffExecutor.runHere(
                    () -> executor.execute(() -> awaitUninterrupted(release)),
                    stuckReported::countDown));
    caller.start();
    assertTrue(stuckReported.await(10, TimeUnit.SECONDS), "the stuck guest was never reported");
    release.countDown();
    caller.join();
  }

  @Test
  void aTaskTakenByATriggerThatThenThrowsStillRuns() throws Exception {
    start(2);
    CountDownLatch ran = new CountDownLatch(1);
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                HandOffExecutor.runHere(
                    () -> {
                      executor.execute(ran::countDown);
                      throw new IllegalStateException("trigger failed");
                    },
                    () -> {}));
    assertEquals("trigger failed", thrown.getMessage());
    assertTrue(ran.await(5, TimeUnit.SECONDS));
  }

  @Test
  void aTaskThatThrowsInRunHereIsReportedAndTheCallerGoesOn() throws Exception {
    start(2);
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> returned = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              HandOffExecutor.runHere(
                  () ->
                      executor.execute(
                          () -> {
                            throw new IllegalStateException("boom");
                          }),
                  () -> {});
              returned.complete(true);
            });
    caller.setUncaughtExceptionHandler((t, e) -> reported.add(e));
    caller.start();
    assertTrue(returned.get(5, TimeUnit.SECONDS));
    assertEquals("boom", reported.get(0).getMessage());
  }

  private static void awaitUninterrupted(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void refusesNoThreadsOrNoStealDelay() {
    var threads = ForkJoinPool.defaultForkJoinWorkerThreadFactory;
    assertThrows(
        IllegalArgumentException.class, () -> new HandOffExecutor(0, threads, STEAL_AFTER, "x"));
    assertThrows(IllegalArgumentException.class, () -> new HandOffExecutor(1, threads, 0, "x"));
  }
}
