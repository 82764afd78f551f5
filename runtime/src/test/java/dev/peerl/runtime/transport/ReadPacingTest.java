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
 * far apart, nor right after a bulk read, nor when turned off. The times are given, not measured.
 */
class ReadPacingTest {
  private static final long LINGER = 50_000;
  private static final long CLOSE = ReadPacing.BUSY_GAP_NANOS / 4;
  private static final int SMALL = ReadPacing.BULK_BYTES - 1;

  @Test
  void aBusyOneWayStreamLingersAfterItsStreak() {
    ReadPacing pacing = new ReadPacing(Duration.ofNanos(LINGER));
    long now = -5_000_000_000L; // nanoTime may be negative
    pacing.read(now, SMALL);
    for (int i = 1; i < ReadPacing.BUSY_STREAK; i++) {
      now += CLOSE;
      pacing.read(now, SMALL);
      assertEquals(0, pacing.lingerNanos(), "after " + i + " close reads");
    }
    now += CLOSE;
    pacing.read(now, SMALL);
    assertEquals(LINGER, pacing.lingerNanos());
    now += CLOSE;
    pacing.read(now, SMALL);
    assertEquals(LINGER, pacing.lingerNanos(), "the stream stays busy");
  }

  @Test
  void aWriteBetweenReadsEndsTheStreak() {
    ReadPacing pacing = new ReadPacing(Duration.ofNanos(LINGER));
    long now = busy(pacing);
    pacing.wrote();
    pacing.read(now, SMALL);
    assertEquals(0, pacing.lingerNanos(), "a connection that answers does not wait");
    for (int i = 0; i < ReadPacing.BUSY_STREAK; i++) {
      now += CLOSE;
      pacing.wrote();
      pacing.read(now, SMALL);
      assertEquals(0, pacing.lingerNanos(), "a write before each read: never busy");
    }
  }

  @Test
  void aBulkReadIsFollowedAtOnce() {
    ReadPacing pacing = new ReadPacing(Duration.ofNanos(LINGER));
    long now = busy(pacing);
    pacing.read(now, ReadPacing.BULK_BYTES);
    assertEquals(0, pacing.lingerNanos(), "a bulk stream is not slowed");
    now += CLOSE;
    pacing.read(now, SMALL);
    assertEquals(LINGER, pacing.lingerNanos(), "still the same busy stream");
  }

  @Test
  void readsFarApartEndTheStreak() {
    ReadPacing pacing = new ReadPacing(Duration.ofNanos(LINGER));
    long now = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK * 2; i++) {
      pacing.read(now, SMALL);
      now += ReadPacing.BUSY_GAP_NANOS;
    }
    assertEquals(0, pacing.lingerNanos());
  }

  @Test
  void zeroNeverLingers() {
    ReadPacing pacing = new ReadPacing(Duration.ZERO);
    assertFalse(pacing.enabled());
    for (int i = 0; i <= ReadPacing.BUSY_STREAK; i++) {
      pacing.read(i, SMALL);
    }
    assertEquals(0, pacing.lingerNanos());
    assertTrue(new ReadPacing(Duration.ofNanos(1)).enabled());
    assertThrows(IllegalArgumentException.class, () -> new ReadPacing(Duration.ofNanos(-1)));
  }

  // A streak of close small reads from 0 on, after which the stream lingers; the time after them.
  private static long busy(ReadPacing pacing) {
    long now = 0;
    for (int i = 0; i <= ReadPacing.BUSY_STREAK; i++) {
      pacing.read(now, SMALL);
      now += CLOSE;
    }
    assertEquals(LINGER, pacing.lingerNanos());
    return now;
  }
}
