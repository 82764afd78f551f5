package dev.peerl.runtime.transport;

import java.time.Duration;

/**
 * Whether a socket's thread lets bytes gather for a moment before its next read.
 *
 * <p>A peer that streams small messages one way (erl sends each in its own {@code writev}) to a
 * receiver faster than itself leaves one or two messages per read: the receiver drains the socket,
 * waits, and the kernel wakes its thread again for the next message. Those reads and wake-ups, not
 * the decoding, were most of the receiver's CPU per message. Sleeping a little before the next read
 * lets tens of messages gather and come in one read, with one wake-up (a timer's) and no select.
 *
 * <p>Only when the stream is busy and one-way: the last {@link #BUSY_STREAK} reads each came within
 * {@link #BUSY_GAP_NANOS} of the one before, with nothing written to the socket in between. A
 * connection that answers what it reads (a {@code gen_server:call}, say) writes between its reads
 * and so never waits: its round trips are not made longer. Nor after a read of {@link #BULK_BYTES}
 * or more: that is a bulk stream (large binaries), which reads enough at a time already and which
 * waiting would only slow down, to a buffer per linger at most.
 */
final class ReadPacing {
  /** Reads at most this far apart count as a busy stream. */
  static final long BUSY_GAP_NANOS = 200_000;

  /** How many busy reads in a row, with no write between them, make a one-way stream. */
  static final int BUSY_STREAK = 4;

  /** A read of at least this many bytes is not followed by a wait. */
  static final int BULK_BYTES = 32 * 1024;

  private final long lingerNanos;
  private boolean hasRead;
  private long lastReadNanos;
  private boolean wroteSinceRead;
  private int streak;
  private boolean lastBulk;

  /** Waits {@code linger} before the next read of a busy one-way stream; zero never waits. */
  ReadPacing(Duration linger) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("read-linger must be 0 or more, not " + linger);
    }
    this.lingerNanos = linger.toNanos();
  }

  /** {@code bytes} (more than 0) were read at {@code nanos} ({@link System#nanoTime}). */
  void read(long nanos, int bytes) {
    lastBulk = bytes >= BULK_BYTES;
    boolean busy = hasRead && !wroteSinceRead && nanos - lastReadNanos < BUSY_GAP_NANOS;
    streak = busy ? streak + 1 : 0;
    hasRead = true;
    lastReadNanos = nanos;
    wroteSinceRead = false;
  }

  /** Bytes were written to the socket. */
  void wrote() {
    wroteSinceRead = true;
  }

  /** Whether reads are to be timed at all ({@link #read} needs the time). */
  boolean enabled() {
    return lingerNanos > 0;
  }

  /** How long to let bytes gather before the next read, in nanoseconds; 0: none. */
  long lingerNanos() {
    return streak >= BUSY_STREAK && !lastBulk ? lingerNanos : 0;
  }
}
