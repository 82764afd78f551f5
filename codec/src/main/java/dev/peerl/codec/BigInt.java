package dev.peerl.codec;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An integer outside the range of {@code long}. Construct through {@link Int#of(BigInteger)}, which
 * keeps the {@code long} form for values that fit.
 */
public final class BigInt implements Term {
  private final BigInteger value;
  // The magnitude in little-endian bytes, as SMALL_BIG_EXT/LARGE_BIG_EXT carry it: computed once so
  // that encoding allocates nothing.
  private final byte[] magnitudeLittleEndian;

  BigInt(BigInteger value) {
    if (value.bitLength() < Long.SIZE) {
      throw new IllegalArgumentException("fits a long, use Int.of: " + value);
    }
    this.value = value;
    this.magnitudeLittleEndian = littleEndianMagnitude(value.abs());
  }

  private static byte[] littleEndianMagnitude(BigInteger magnitude) {
    byte[] bigEndian = magnitude.toByteArray();
    int skip = bigEndian[0] == 0 ? 1 : 0;
    byte[] little = new byte[bigEndian.length - skip];
    for (int i = 0; i < little.length; i++) {
      little[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return little;
  }

  public BigInteger value() {
    return value;
  }

  public int signum() {
    return value.signum();
  }

  byte[] magnitudeLittleEndian() {
    return magnitudeLittleEndian;
  }

  @Override
  public boolean equals(Object other) {
    return other == this || (other instanceof BigInt big && big.value.equals(value));
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
