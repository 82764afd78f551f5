package dev.peerl.runtime.dispatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A fork-join pool for actors that hand work to each other: the first task that a task submits runs
 * next on the same thread, right after the submitting task, instead of waking an idle thread to
 * take it.
 *
 * <p>Why: a message that a connection's stream decodes is told to a process, and the process's
 * answer goes back to the stream. In a plain {@link ForkJoinPool} each of those hand-offs wakes an
 * idle worker (a futex wake, a context switch, and often the waker preempted), although the thread
 * that handed the work over is about to be idle itself. With the hand-off, the stream and the
 * process run one after the other on one thread, as BEAM runs a process woken by a port on the
 * scheduler that woke it.
 *
 * <p>Only one task waits on a thread this way (its "next"); a second one submitted by the same task
 * goes to the pool as usual, where another worker may take it: work that really is parallel is
 * spread. Tasks submitted from outside the pool go to the pool as usual. A "next" stuck behind a
 * task that runs long is not lost to the other threads: a watching thread hands it to the pool once
 * it has waited {@code stealAfter} (between one and two scans of that period). The watching thread
 * scans only while tasks are being handed off and sleeps once none has been for a while.
 *
 * <p>A thread of Peerl's own outside the pool (a socket's waiting thread, woken by the kernel when
 * bytes arrive) can take the same shortcut with {@link #runHere}: the first task it submits while
 * it calls the stream back runs on it, with the tasks that task hands off in turn, instead of
 * waking a pool thread for it. A call from an Erlang process to a Java one then costs one thread
 * wake-up on this node, the kernel's, instead of three.
 */
final class HandOffExecutor extends AbstractExecutorService {
  /** How many "next" tasks run one after the other before the rest go back to the pool. */
  static final int MAX_CHAIN = 64;

  /**
   * How long a thread outside the pool may run tasks in one {@link #runHere} before it counts as
   * stuck: far longer than Peerl's own tasks take, short enough that what that thread should be
   * doing meanwhile is not held up for long.
   */
  static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Scans without a hand-off after which the watching thread sleeps until the next one. */
  private static final int IDLE_SCANS = 100;

  private static final VarHandle NEXT;
  private static final VarHandle WHEN_STUCK;
  private static final VarHandle WATCHER_SLEEPS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      NEXT = lookup.findVarHandle(Slot.class, "next", Runnable.class);
      WHEN_STUCK = lookup.findVarHandle(Slot.class, "whenStuck", Runnable.class);
      WATCHER_SLEEPS = lookup.findVarHandle(HandOffExecutor.class, "watcherSleeps", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One worker thread's "next" task. */
  static final class Slot {
    final Thread owner;
    // Written by the owner (null -> task, task -> null) and by the watcher (task -> null, CAS).
    volatile Runnable next;
    // The owner's count of hand-offs (only the owner writes it); the watcher compares it across
    // scans.
    volatile long handOffs;
    long handOffsSeen = -1;
    // Whether the owner is inside a task of this executor: only then is a submission a hand-off.
    boolean running;
    // Set while a thread outside the pool runs tasks here (runHere), a new one each time: what to
    // do if that turn lasts too long. The watcher runs it at most once (CAS to null).
    volatile Runnable whenStuck;
    // The watcher's own: the turn it last saw, and when it first saw it.
    Runnable turnSeen;
    long turnSeenAt;

    Slot(Thread owner) {
      this.owner = owner;
    }

    Runnable take() {
      return (Runnable) NEXT.getAndSet(this, (Runnable) null);
    }
  }

  /** A thread outside the pool inside {@link #runHere}, and the task it took. */
  private static final class Guest {
    boolean open;
    HandOffExecutor executor;
    Runnable task;
  }

  private static final ThreadLocal<Guest> GUEST = new ThreadLocal<>();

  private final ForkJoinPool pool;
  private final long stealAfterNanos;
  private final ThreadLocal<Slot> slot = new ThreadLocal<>();
  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final Thread watcher;
  private volatile boolean watcherSleeps;
  private volatile boolean shutdown;

  HandOffExecutor(
      int parallelism,
      ForkJoinPool.ForkJoinWorkerThreadFactory threads,
      long stealAfterNanos,
      String name) {
    if (parallelism < 1 || stealAfterNanos <= 0) {
      throw new IllegalArgumentException(
          "a hand-off executor needs parallelism >= 1 and steal-after > 0, got "
              + parallelism
              + " and "
              + stealAfterNanos
              + " ns");
    }
    this.pool = new ForkJoinPool(parallelism, threads, null, true);
    this.stealAfterNanos = stealAfterNanos;
    this.watcher = new Thread(this::watch, name + "-hand-off-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  @Override
  public void execute(Runnable task) {
    Slot current = slot.get();
    if (current != null && current.running && current.next == null && !shutdown) {
      current.handOffs++;
      // A volatile write: the watcher, going to sleep, writes watcherSleeps and then reads next.
      current.next = task;
      if (watcherSleeps && WATCHER_SLEEPS.compareAndSet(this, true, false)) {
        LockSupport.unpark(watcher);
      }
      return;
    }
    if (current == null || !current.running) {
      Guest guest = GUEST.get();
      if (guest != null && guest.open && guest.task == null && !shutdown) {
        guest.executor = this;
        guest.task = task;
        return;
      }
    }
    pool.execute(new Run(task));
  }

  /**
   * Runs {@code trigger}, and then, on this thread, the first task it submitted to a hand-off
   * executor, with what that task hands off in turn (as on a pool thread: at most {@link
   * #MAX_CHAIN} of them, and one that waits behind a long task is given to the pool). Further tasks
   * the trigger submits go to the pool. For a thread outside the pool that wakes work, so as not to
   * wake a pool thread for work it can do itself while it would only wait. A task that throws is
   * reported to this thread's uncaught exception handler; this thread goes on.
   *
   * <p>Tasks here may be anyone's (a process's code), and one may block, while this thread has a
   * duty of its own (waiting for a socket). If running them here lasts {@link #STUCK_NANOS} or more
   * (as the watching thread sees it, which looks every {@code stealAfter}), {@code whenStuck} is
   * run, once, on the executor's watching thread, so that the duty can be handed to another thread.
   */
  static void runHere(Runnable trigger, Runnable whenStuck) {
    Guest guest = GUEST.get();
    if (guest == null) {
      guest = new Guest();
      GUEST.set(guest);
    }
    if (guest.open) {
      trigger.run();
      return;
    }
    guest.open = true;
    boolean triggered = false;
    try {
      trigger.run();
      triggered = true;
    } finally {
      guest.open = false;
      HandOffExecutor executor = guest.executor;
      Runnable task = guest.task;
      guest.executor = null;
      guest.task = null;
      if (task != null) {
        if (triggered) {
          executor.runAsGuest(task, whenStuck);
        } else {
          executor.pool.execute(executor.new Run(task)); // not lost with the trigger's exception
        }
      }
    }
  }

  private void runAsGuest(Runnable task, Runnable whenStuck) {
    Slot guest = slotOfThisThread();
    guest.whenStuck = whenStuck;
    if (watcherSleeps && WATCHER_SLEEPS.compareAndSet(this, true, false)) {
      LockSupport.unpark(watcher);
    }
    try {
      new Run(task).run();
    } catch (Exception e) {
      // Also what Pekko's mailbox throws when a task interrupted the thread: the interrupt was
      // meant for the task, not for this thread's own work.
      Thread.interrupted();
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
    } finally {
      guest.whenStuck = null;
    }
  }

  /** A task of the pool, and then the tasks it handed off, on the same thread. */
  private final class Run implements Runnable {
    private final Runnable task;

    Run(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      Slot current = slotOfThisThread();
      if (current.running) {
        task.run(); // run inside another task of ours (a pool helping a join): no chaining
        return;
      }
      current.running = true;
      try {
        task.run();
        for (int i = 0; i < MAX_CHAIN; i++) {
          Runnable next = current.take();
          if (next == null) {
            break;
          }
          next.run();
        }
      } finally {
        current.running = false;
        Runnable left = current.take();
        if (left != null) {
          pool.execute(new Run(left));
        }
      }
    }
  }

  private Slot slotOfThisThread() {
    Slot current = slot.get();
    if (current == null) {
      current = new Slot(Thread.currentThread());
      slot.set(current);
      slots.add(current);
    }
    return current;
  }

  /** Hands to the pool any "next" that has waited a whole scan; sleeps while none are made. */
  private void watch() {
    int idleScans = 0;
    while (!shutdown) {
      if (idleScans >= IDLE_SCANS) {
        watcherSleeps = true;
        // A hand-off made between the last scan and now finds watcherSleeps set and unparks.
        if (!anyWaiting()) {
          LockSupport.park(this);
        }
        watcherSleeps = false;
        idleScans = 0;
        continue;
      }
      LockSupport.parkNanos(this, stealAfterNanos);
      boolean handedOff = false;
      for (Slot s : slots) {
        if (!s.owner.isAlive()) {
          slots.remove(s);
          continue;
        }
        long handOffs = s.handOffs;
        Runnable waiting = s.next;
        if (handOffs != s.handOffsSeen) {
          handedOff = true;
        } else if (waiting != null && NEXT.compareAndSet(s, waiting, null)) {
          pool.execute(
              new Run(waiting)); // the same hand-off as a whole scan ago: its owner is busy
        }
        s.handOffsSeen = handOffs;
        handedOff |= watchGuest(s);
      }
      idleScans = handedOff ? 0 : idleScans + 1;
    }
  }

  // Whether s is a guest's slot in a turn (which keeps the watcher scanning); runs its whenStuck
  // once the turn has lasted STUCK_NANOS.
  private boolean watchGuest(Slot s) {
    Runnable whenStuck = s.whenStuck;
    if (whenStuck == null) {
      s.turnSeen = null;
      return false;
    }
    long now = System.nanoTime();
    if (whenStuck != s.turnSeen) {
      s.turnSeen = whenStuck;
      s.turnSeenAt = now;
    } else if (now - s.turnSeenAt >= STUCK_NANOS
        && WHEN_STUCK.compareAndSet(s, whenStuck, (Runnable) null)) {
      try {
        whenStuck.run();
      } catch (Throwable e) {
        // The watcher must go on: every steal depends on it.
        watcher.getUncaughtExceptionHandler().uncaughtException(watcher, e);
      }
    }
    return true;
  }

  // (Reads whenStuck too: a guest sets it and then reads watcherSleeps; see runAsGuest.)
  private boolean anyWaiting() {
    for (Slot s : slots) {
      if (s.next != null || s.whenStuck != null) {
        return true;
      }
    }
    return false;
  }

  /** The pool's parallelism (for tests and diagnostics). */
  int parallelism() {
    return pool.getParallelism();
  }

  /** The thread that hands stuck tasks to the pool (for tests). */
  Thread watcher() {
    return watcher;
  }

  @Override
  public void shutdown() {
    shutdown = true;
    LockSupport.unpark(watcher);
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    LockSupport.unpark(watcher);
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
