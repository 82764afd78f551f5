package dev.peerl.runtime.transport;

import java.time.Duration;

/**
 * Whether a socket's thread lets bytes gather for a moment before its next read, and whether its
 * receive window is to be narrowed meanwhile.
 *
 * <p>A peer that streams small messages one way (erl sends each in its own {@code writev}) to a
 * receiver faster than itself leaves one or two messages per read: the receiver drains the socket,
 * waits, and the kernel wakes its thread again for the next message. Those reads and wake-ups, not
 * the decoding, were most of the receiver's CPU per message. Sleeping a little before the next read
 * lets tens of messages gather and come in one read, with one wake-up (a timer's) and no select.
 *
 * <p>Only when the stream is busy and one-way: the last {@link #BUSY_STREAK} reads each came within
 * a gap of the one before ({@link #BUSY_GAP_NANOS}, or three lingers when that is longer), with
 * nothing written to the socket in between. A connection that answers what it reads (a {@code
 * gen_server:call}, say) writes between its reads and so never waits: its round trips are not made
 * longer. Nor after a read of {@link #BULK_BYTES} or more: that is a bulk stream (large binaries),
 * which reads enough at a time already and which waiting would only slow down. Nor for a stream too
 * sparse to gain from it: when a read that followed a linger brought fewer than {@link
 * #MIN_FRAMES_PER_LINGER} frames (as the caller counts them), the wait delayed its messages and
 * saved next to nothing, and the stream must be busy for {@link #SPARSE_STREAK} reads before it
 * lingers again. So a long linger only delays the messages of streams dense enough to fill it.
 *
 * <p>The sender pays too: while the receiver keeps up, each message the peer writes goes through
 * loopback or the network as a segment of its own. When, in addition, the frames the layers above
 * took out of the last reads were small ({@link #SMALL_FRAME_BYTES} on average, at most), for
 * {@link #BUSY_STREAK} reads in a row, the stream is <em>narrowed</em>: it lingers longer ({@code
 * smallFramesLinger}) and the socket's receive window is clamped (the socket's business, {@link
 * #narrowed()}), so that the window closes between reads and the sender's kernel queues its writes
 * and sends them in a few large segments when it opens: half the sender's CPU per message. The
 * first read whose frames are not small (a large message, or part of one: no frame at all) or that
 * comes after a write or a long gap ends it. Frames are counted by the caller, so a stream of large
 * messages, which fills a narrow window as fully as small ones do, is never narrowed.
 */
final class ReadPacing {
  /** Reads at most this far apart (or three lingers, if longer) count as a busy stream. */
  static final long BUSY_GAP_NANOS = 200_000;

  /** How many busy reads in a row, with no write between them, make a one-way stream. */
  static final int BUSY_STREAK = 4;

  /** A read of at least this many bytes is not followed by a wait (unless narrowed). */
  static final int BULK_BYTES = 32 * 1024;

  /** A linger that gathered fewer frames than this was not worth its delay. */
  static final int MIN_FRAMES_PER_LINGER = 4;

  /** How many busy reads in a row a stream found too sparse needs before it lingers again. */
  static final int SPARSE_STREAK = 4 * BUSY_STREAK;

  /** Frames of at most this many bytes on average (their 4-byte length included) are small. */
  static final int SMALL_FRAME_BYTES = 256;

  private final long lingerNanos;
  private long smallFramesLingerNanos;
  private boolean hasRead;
  private long lastReadNanos;
  private boolean wroteSinceRead;
  private int streak;
  private int smallStreak;
  private boolean lastBulk;
  private boolean narrowed;
  private int lastReadBytes;
  private long framesAtLastRead = -1;
  private boolean lingering;
  private boolean lastReadLingered;

  /**
   * Waits {@code linger} before the next read of a busy one-way stream, {@code smallFramesLinger}
   * when its frames are small; zero never waits (a zero {@code smallFramesLinger} never narrows).
   */
  ReadPacing(Duration linger, Duration smallFramesLinger) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("read-linger must be 0 or more, not " + linger);
    }
    if (smallFramesLinger.isNegative()) {
      throw new IllegalArgumentException(
          "small-frames-linger must be 0 or more, not " + smallFramesLinger);
    }
    this.lingerNanos = linger.toNanos();
    this.smallFramesLingerNanos = lingerNanos > 0 ? smallFramesLinger.toNanos() : 0;
  }

  /**
   * {@code bytes} (more than 0) were read at {@code nanos} ({@link System#nanoTime}), when the
   * layers above had taken {@code framesTaken} frames out of what was read before, in all; -1 when
   * they do not count (the stream is never narrowed).
   */
  void read(long nanos, int bytes, long framesTaken) {
    long gap = Math.max(BUSY_GAP_NANOS, 3 * currentLinger());
    boolean busy = hasRead && !wroteSinceRead && nanos - lastReadNanos < gap;
    // The frames taken since the last read came out of the bytes it read (and the rest of a frame
    // that began before): no frame at all is part of a large one.
    boolean counted = framesAtLastRead >= 0 && framesTaken >= 0;
    long frames = counted ? framesTaken - framesAtLastRead : 0;
    if (!busy) {
      streak = 0;
    } else if (lastReadLingered && counted && frames < MIN_FRAMES_PER_LINGER) {
      streak = BUSY_STREAK - SPARSE_STREAK; // too sparse to gather: back off
    } else {
      streak++;
    }
    lastReadLingered = lingering;
    lingering = false;
    boolean small = frames > 0 && lastReadBytes <= frames * SMALL_FRAME_BYTES;
    smallStreak = busy && small ? smallStreak + 1 : 0;
    narrowed = smallFramesLingerNanos > 0 && smallStreak >= BUSY_STREAK;
    lastBulk = bytes >= BULK_BYTES;
    hasRead = true;
    lastReadNanos = nanos;
    lastReadBytes = bytes;
    framesAtLastRead = framesTaken;
    wroteSinceRead = false;
  }

  /** The socket cannot narrow its window: small frames get the ordinary linger from now on. */
  void neverNarrow() {
    smallFramesLingerNanos = 0;
    narrowed = false;
    smallStreak = 0;
  }

  /** The socket's thread waits {@link #lingerNanos()} before its next read, as told. */
  void lingered() {
    lingering = true;
  }

  /** Bytes were written to the socket. */
  void wrote() {
    wroteSinceRead = true;
  }

  /** Whether reads are to be timed at all ({@link #read} needs the time). */
  boolean enabled() {
    return lingerNanos > 0;
  }

  /**
   * Whether the stream is a busy one-way stream of small frames, whose socket is to take only a
   * narrow window of bytes between reads.
   */
  boolean narrowed() {
    return narrowed;
  }

  /** How long to let bytes gather before the next read, in nanoseconds; 0: none. */
  long lingerNanos() {
    if (narrowed) {
      return smallFramesLingerNanos;
    }
    return streak >= BUSY_STREAK && !lastBulk ? lingerNanos : 0;
  }

  private long currentLinger() {
    return narrowed ? smallFramesLingerNanos : lingerNanos;
  }
}
