package dev.peerl.samples.bench.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void theMedianOfAnOddNumberOfRoundsIsTheMiddleOne() {
    Spread s = Spread.of(3.0, 1.0, 2.0);
    assertEquals(2.0, s.median());
    assertEquals(1.0, s.min());
    assertEquals(3.0, s.max());
    assertEquals(3, s.rounds());
  }

  @Test
  void theMedianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Spread.of(4.0, 1.0, 3.0, 2.0).median());
  }

  @Test
  void oneOutlyingRoundDoesNotMoveTheMedian() {
    Spread s = Spread.of(0.9, 0.92, 1.8);
    assertEquals(0.92, s.median());
    assertEquals(1.8, s.max());
  }

  @Test
  void oneRoundIsItsOwnMedian() {
    Spread s = Spread.of(5.0);
    assertEquals(5.0, s.median());
    assertEquals(5.0, s.min());
    assertEquals(5.0, s.max());
  }

  @Test
  void noRoundsIsAnError() {
    assertThrows(IllegalArgumentException.class, Spread::of);
  }
}
