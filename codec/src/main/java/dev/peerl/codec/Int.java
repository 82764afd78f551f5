package dev.peerl.codec;

import java.math.BigInteger;

/**
 * An integer that fits a {@code long}: the fast path. Integers outside that range are {@link
 * BigInt}s; the factories pick the form, so equal integers always have the same form.
 */
public record Int(long value) implements Term {
  private static final Int[] SMALL = new Int[256 + 128];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new Int(i - 128);
    }
  }

  /** The integer {@code value}, shared for -128..255. */
  public static Int of(long value) {
    return value >= -128 && value < 256 ? SMALL[(int) value + 128] : new Int(value);
  }

  /** An {@link Int} when the value fits a {@code long}, else a {@link BigInt}. */
  public static Term of(BigInteger value) {
    return value.bitLength() < Long.SIZE ? of(value.longValue()) : new BigInt(value);
  }

  public BigInteger toBigInteger() {
    return BigInteger.valueOf(value);
  }

  /** The value as an {@code int}; throws {@link ArithmeticException} when it does not fit. */
  public int intValue() {
    return Math.toIntExact(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
