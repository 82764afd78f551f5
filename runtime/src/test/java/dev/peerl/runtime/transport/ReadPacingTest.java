package dev.peerl.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When a socket's thread lets bytes gather: after a streak of close reads with nothing written in
 * between (a one-way stream), never for a connection that writes between its reads, nor for reads
 * far apart, nor right after a bulk read, nor when turned off, nor (for a while) after a linger
 * that gathered too few frames; and when it narrows the stream: its frames small as well, for a
 * streak, and never for large frames however the reads look. The times and frame counts are given,
 * not measured.
 */
class ReadPacingTest {
  private static final long LINGER = 50_000;
  private static final long SMALL_LINGER = 500_000;
  private static final long CLOSE = ReadPacing.BUSY_GAP_NANOS / 4;
  private static final int SMALL = ReadPacing.BULK_BYTES - 1;
  private static final long UNCOUNTED = -1;

  private static ReadPacing pacing() {
    return new ReadPacing(Duration.ofNanos(LINGER), Duration.ofNanos(SMALL_LINGER));
  }

  // Lingering as by default: small-frames-window 0, never narrowed.
  private static ReadPacing withoutNarrowing() {
    return new ReadPacing(Duration.ofNanos(LINGER), Duration.ZERO);
  }

  @Test
  void aBusyOneWayStreamLingersAfterItsStreak() {
    ReadPacing pacing = pacing();
    long now = -5_000_000_000L; // nanoTime may be negative
    pacing.read(now, SMALL, UNCOUNTED);
    for (int i = 1; i < ReadPacing.BUSY_STREAK; i++) {
      now += CLOSE;
      pacing.read(now, SMALL, UNCOUNTED);
      assertEquals(0, pacing.lingerNanos(), "after " + i + " close reads");
    }
    now += CLOSE;
    pacing.read(now, SMALL, UNCOUNTED);
    assertEquals(LINGER, pacing.lingerNanos());
    now += CLOSE;
    pacing.read(now, SMALL, UNCOUNTED);
    assertEquals(LINGER, pacing.lingerNanos(), "the stream stays busy");
    assertFalse(pacing.narrowed(), "frames not counted: never narrowed");
  }

  @Test
  void aWriteBetweenReadsEndsTheStreak() {
    ReadPacing pacing = pacing();
    long now = busy(pacing);
    pacing.wrote();
    pacing.read(now, SMALL, UNCOUNTED);
    assertEquals(0, pacing.lingerNanos(), "a connection that answers does not wait");
    for (int i = 0; i < ReadPacing.BUSY_STREAK; i++) {
      now += CLOSE;
      pacing.wrote();
      pacing.read(now, SMALL, UNCOUNTED);
      assertEquals(0, pacing.lingerNanos(), "a write before each read: never busy");
    }
  }

  @Test
  void aBulkReadIsFollowedAtOnce() {
    ReadPacing pacing = pacing();
    long now = busy(pacing);
    pacing.read(now, ReadPacing.BULK_BYTES, UNCOUNTED);
    assertEquals(0, pacing.lingerNanos(), "a bulk stream is not slowed");
    now += CLOSE;
    pacing.read(now, SMALL, UNCOUNTED);
    assertEquals(LINGER, pacing.lingerNanos(), "still the same busy stream");
  }

  @Test
  void readsFarApartEndTheStreak() {
    ReadPacing pacing = pacing();
    long now = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK * 2; i++) {
      pacing.read(now, SMALL, UNCOUNTED);
      now += ReadPacing.BUSY_GAP_NANOS;
    }
    assertEquals(0, pacing.lingerNanos());
  }

  @Test
  void zeroNeverLingers() {
    ReadPacing pacing = new ReadPacing(Duration.ZERO, Duration.ofNanos(SMALL_LINGER));
    assertFalse(pacing.enabled());
    long frames = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK * 2; i++) {
      pacing.read(i, 1000, frames);
      frames += 100;
    }
    assertEquals(0, pacing.lingerNanos());
    assertFalse(pacing.narrowed(), "no read-linger: no narrowing either");
    assertTrue(new ReadPacing(Duration.ofNanos(1), Duration.ZERO).enabled());
    assertThrows(
        IllegalArgumentException.class, () -> new ReadPacing(Duration.ofNanos(-1), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new ReadPacing(Duration.ZERO, Duration.ofNanos(-1)));
  }

  @Test
  void aBusyStreamOfSmallFramesIsNarrowedAfterItsStreak() {
    ReadPacing pacing = pacing();
    long now = 1_000;
    long frames = 0;
    int bytes = 4_000; // 100 frames of 40 bytes a read
    pacing.read(now, bytes, frames);
    for (int i = 1; i <= ReadPacing.BUSY_STREAK; i++) {
      assertFalse(pacing.narrowed(), "after " + i + " reads");
      now += CLOSE;
      frames += 100;
      pacing.read(now, bytes, frames);
    }
    assertTrue(pacing.narrowed());
    assertEquals(SMALL_LINGER, pacing.lingerNanos());
    // Narrowed, the reads come a long linger apart and may be larger: still the same stream.
    for (int i = 0; i < 3; i++) {
      now += SMALL_LINGER + 100_000;
      frames += 100;
      pacing.read(now, ReadPacing.BULK_BYTES, frames);
      bytes = ReadPacing.BULK_BYTES;
      assertTrue(pacing.narrowed(), "a long linger's gap and a full read do not end it");
      assertEquals(SMALL_LINGER, pacing.lingerNanos());
      frames += ReadPacing.BULK_BYTES / 40 - 100;
    }
  }

  @Test
  void aLargeFrameEndsTheNarrowingAtOnce() {
    ReadPacing pacing = pacing();
    long[] state = narrowed(pacing);
    long now = state[0] + CLOSE;
    long frames = state[1];
    // The last read's 4,000 bytes held one frame's end only: a large message.
    pacing.read(now, 4_000, frames + 1);
    assertFalse(pacing.narrowed());
    assertEquals(LINGER, pacing.lingerNanos(), "still a busy one-way stream, lingering briefly");
    // Part of a large frame, no frame taken at all.
    now += CLOSE;
    pacing.read(now, 4_000, frames + 1);
    assertFalse(pacing.narrowed());
  }

  @Test
  void aWriteOrAPauseEndsTheNarrowing() {
    ReadPacing pacing = pacing();
    long[] state = narrowed(pacing);
    pacing.wrote();
    pacing.read(state[0] + CLOSE, 4_000, state[1] + 100);
    assertFalse(pacing.narrowed(), "a write back");
    assertEquals(0, pacing.lingerNanos());

    pacing = pacing();
    state = narrowed(pacing);
    pacing.read(state[0] + 3 * SMALL_LINGER, 4_000, state[1] + 100);
    assertFalse(pacing.narrowed(), "three long lingers apart");
  }

  @Test
  void largeFramesAreNeverNarrowedHoweverFullTheReads() {
    ReadPacing pacing = pacing();
    long now = 0;
    long frames = 0;
    int frame = ReadPacing.SMALL_FRAME_BYTES + 1;
    for (int i = 0; i < ReadPacing.BUSY_STREAK * 4; i++) {
      pacing.read(now, 16 * frame, frames);
      frames += 16;
      now += CLOSE;
      assertFalse(pacing.narrowed(), "frames of " + frame + " bytes");
    }
    assertEquals(LINGER, pacing.lingerNanos());
    for (int i = 0; i < ReadPacing.BUSY_STREAK * 4; i++) {
      pacing.read(now, 16 * 1024, frames); // 64 KiB frames: most reads end none
      frames += i % 4 == 0 ? 1 : 0;
      now += CLOSE;
      assertFalse(pacing.narrowed(), "64 KiB frames");
    }
  }

  @Test
  void aSocketThatCannotNarrowGetsTheOrdinaryLinger() {
    ReadPacing pacing = pacing();
    long[] state = narrowed(pacing);
    pacing.neverNarrow();
    assertFalse(pacing.narrowed());
    long now = state[0];
    long frames = state[1];
    for (int i = 0; i < ReadPacing.BUSY_STREAK * 2; i++) {
      now += CLOSE;
      frames += 100;
      pacing.read(now, 4_000, frames);
      assertFalse(pacing.narrowed());
    }
    assertEquals(LINGER, pacing.lingerNanos());
  }

  @Test
  void zeroSmallFramesLingerNeverNarrows() {
    ReadPacing pacing = withoutNarrowing();
    long frames = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK * 2; i++) {
      pacing.read(i * CLOSE, 4_000, frames);
      frames += 100;
    }
    assertFalse(pacing.narrowed());
    assertEquals(LINGER, pacing.lingerNanos());
  }

  @Test
  void aStreamTooSparseToFillTheLingerBacksOff() {
    ReadPacing pacing = withoutNarrowing();
    long[] state = lingering(pacing);
    long now = state[0];
    long frames = state[1];
    pacing.lingered();
    pacing.read(now, 40, frames); // the read after the linger
    frames += ReadPacing.MIN_FRAMES_PER_LINGER - 1; // what it brought
    now += CLOSE;
    pacing.read(now, 40, frames);
    assertEquals(0, pacing.lingerNanos(), "too few frames gathered: not worth the wait");
    for (int i = 1; i < ReadPacing.SPARSE_STREAK; i++) {
      frames += 1;
      now += CLOSE;
      pacing.read(now, 40, frames);
      assertEquals(0, pacing.lingerNanos(), "after " + i + " busy reads of the sparse stream");
    }
    frames += 1;
    now += CLOSE;
    pacing.read(now, 40, frames);
    assertEquals(LINGER, pacing.lingerNanos(), "busy long enough: it tries again");
  }

  @Test
  void aStreamDenseEnoughKeepsLingering() {
    ReadPacing pacing = withoutNarrowing();
    long[] next = lingering(pacing); // the time of the next read, the frames taken by then
    for (int i = 0; i < ReadPacing.SPARSE_STREAK; i++) {
      pacing.lingered();
      pacing.read(next[0], 400, next[1]);
      next[1] += ReadPacing.MIN_FRAMES_PER_LINGER;
      next[0] += LINGER + CLOSE;
      assertEquals(LINGER, pacing.lingerNanos(), "linger " + i);
    }
    // Frames not counted (another transport's caller): never found sparse.
    pacing = withoutNarrowing();
    long now = busy(pacing);
    for (int i = 0; i < ReadPacing.SPARSE_STREAK; i++) {
      pacing.lingered();
      pacing.read(now, 40, UNCOUNTED);
      now += LINGER + CLOSE;
      assertEquals(LINGER, pacing.lingerNanos(), "uncounted, linger " + i);
    }
  }

  // A busy stream of 10 frames a read, lingering but not narrowed: the time of its next read and
  // the frames taken by then.
  private static long[] lingering(ReadPacing pacing) {
    long[] next = stream(pacing, 400, 10);
    assertEquals(LINGER, pacing.lingerNanos());
    assertFalse(pacing.narrowed());
    return next;
  }

  // Close reads from 0 on, a streak's worth, of the given frames each: the time of the next read
  // and the frames taken by then.
  private static long[] stream(ReadPacing pacing, int bytes, long framesPerRead) {
    long now = 0;
    long frames = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK; i++) {
      pacing.read(now, bytes, frames);
      frames += framesPerRead;
      now += CLOSE;
    }
    return new long[] {now, frames};
  }

  // A streak of close small reads from 0 on, after which the stream lingers; the time after them.
  private static long busy(ReadPacing pacing) {
    long now = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK; i++) {
      pacing.read(now, SMALL, UNCOUNTED);
      now += CLOSE;
    }
    assertEquals(LINGER, pacing.lingerNanos());
    return now;
  }

  // A busy stream of 40-byte frames, narrowed: the time of its last read and the frames taken
  // then.
  private static long[] narrowed(ReadPacing pacing) {
    long[] next = stream(pacing, 4_000, 100);
    assertTrue(pacing.narrowed());
    return new long[] {next[0] - CLOSE, next[1] - 100};
  }
}
