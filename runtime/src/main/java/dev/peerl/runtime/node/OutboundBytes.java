package dev.peerl.runtime.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;

/**
 * The bytes of encoded messages that wait for one connection's socket: in its queue, and held by
 * its outbound stage until the stage has handed them (whole or as fragments) to the socket's side.
 * Senders reserve a message's encoded size before they queue it and the stage releases it as it
 * writes, so what waits per connection is bounded in bytes, not only in frames.
 *
 * <p>Two thresholds, as BEAM has one ({@code dist_buf_busy_limit}, {@code +zdbbl}) and Peerl also
 * refuses rather than grow without bound:
 *
 * <ul>
 *   <li>{@code limit}: a message is taken while the bytes waiting and the message's own fit in it,
 *       or when nothing waits (one message larger than the limit still goes, alone); otherwise it
 *       is refused and the caller drops it. So the bytes waiting never exceed {@code max(limit, the
 *       largest message)}.
 *   <li>{@code busyLimit}: above it the connection is <em>busy</em>; {@link #whenNotBusy} completes
 *       once the bytes waiting have fallen to half of it, which is how a sender goes at the
 *       socket's pace without blocking a thread (erl suspends a process that sends to a busy
 *       distribution channel until it is not busy). Resuming at half, not at the limit itself, lets
 *       a waiting sender send half a limit's worth before it waits again: resumed at the limit, a
 *       sender of small messages was woken for every message the socket took.
 * </ul>
 *
 * <p>Waiters share one future per busy spell; it is completed on {@code executor}, never in the
 * stream that released the bytes, so a caller's callback cannot stall the connection.
 */
final class OutboundBytes {
  private static final CompletionStage<Done> NOT_BUSY =
      CompletableFuture.completedStage(Done.getInstance());

  private final long limit;
  private final long busyLimit;
  private final long resumeAt;
  private final Executor executor;
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  // The waiters' future while someone waits, else null. Written under the lock, read without it.
  private volatile CompletableFuture<Done> notBusy;
  private volatile boolean closed;

  /**
   * @param limit the bytes that may wait (see above)
   * @param busyLimit the bytes above which the connection is busy; at most {@code limit}
   * @param executor where the waiters' future is completed
   */
  OutboundBytes(long limit, long busyLimit, Executor executor) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    if (busyLimit < 0 || busyLimit > limit) {
      throw new IllegalArgumentException("busyLimit must be within 0.." + limit + ": " + busyLimit);
    }
    this.limit = limit;
    this.busyLimit = busyLimit;
    this.resumeAt = busyLimit / 2;
    this.executor = executor;
  }

  /** Reserves {@code bytes} for a message about to be queued; false if they do not fit. */
  boolean tryReserve(long bytes) {
    long now;
    long after;
    do {
      now = waiting.get();
      after = now + bytes;
      if (now > 0 && after > limit) {
        return false;
      }
    } while (!waiting.compareAndSet(now, after));
    if (after > peak.get()) {
      peak.accumulateAndGet(after, Math::max);
    }
    return true;
  }

  /** Gives back {@code bytes}: written to the socket's side, or never queued after all. */
  void release(long bytes) {
    long after = waiting.addAndGet(-bytes);
    // Read after the decrement: a waiter that registered before it is seen here, one that
    // registers after it sees the new count (see whenNotBusy).
    if (after <= resumeAt && notBusy != null) {
      wakeWaiters();
    }
  }

  /** Whether more than the busy limit waits (never once closed). */
  boolean isBusy() {
    return waiting.get() > busyLimit && !closed;
  }

  /**
   * Completes at once if the connection is not busy, else when the bytes waiting fall to half the
   * busy limit or the connection closes.
   */
  CompletionStage<Done> whenNotBusy() {
    if (!isBusy()) {
      return NOT_BUSY;
    }
    CompletableFuture<Done> future;
    synchronized (this) {
      future = notBusy;
      if (future == null) {
        future = new CompletableFuture<>();
        notBusy = future;
      }
    }
    // The bytes may have drained (or the connection closed) before the future was visible.
    if (waiting.get() <= resumeAt || closed) {
      wakeWaiters();
    }
    return future.minimalCompletionStage();
  }

  /** The connection is gone: nothing will drain, so nobody waits any more. */
  void close() {
    closed = true;
    wakeWaiters();
  }

  /** The bytes waiting now. */
  long waiting() {
    return waiting.get();
  }

  /** The most bytes that have waited at once. */
  long peak() {
    return peak.get();
  }

  private void wakeWaiters() {
    CompletableFuture<Done> future;
    synchronized (this) {
      future = notBusy;
      notBusy = null;
    }
    if (future != null) {
      executor.execute(() -> future.complete(Done.getInstance()));
    }
  }
}
