package dev.peerl.codec;

import java.util.Arrays;

/**
 * A bitstring whose length is not a whole number of bytes: {@code bytes.length - 1} whole bytes and
 * then the {@code bitsInLastByte} (1 to 7) high bits of the last byte. The unused low bits of the
 * last byte are always zero, as OTP writes them.
 */
public final class BitBinary implements Term {
  private final byte[] bytes;
  private final int bitsInLastByte;

  private BitBinary(byte[] bytes, int bitsInLastByte) {
    this.bytes = bytes;
    this.bitsInLastByte = bitsInLastByte;
  }

  /**
   * The bitstring of the first {@code bytes.length - 1} bytes and the high {@code bitsInLastByte}
   * bits of the last one. With 8 bits in the last byte it is a plain {@link Binary}.
   */
  public static Term of(byte[] bytes, int bitsInLastByte) {
    if (bitsInLastByte < 1 || bitsInLastByte > 8) {
      throw new IllegalArgumentException("bits in last byte must be 1..8: " + bitsInLastByte);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a bitstring with a partial byte needs at least one byte");
    }
    if (bitsInLastByte == 8) {
      return Binary.of(bytes);
    }
    return ofOwned(bytes.clone(), bitsInLastByte);
  }

  /** Takes ownership of {@code bytes} and clears the unused bits; bits must be 1..7. */
  static BitBinary ofOwned(byte[] bytes, int bitsInLastByte) {
    int last = bytes.length - 1;
    bytes[last] = (byte) (bytes[last] & (0xFF << (8 - bitsInLastByte)));
    return new BitBinary(bytes, bitsInLastByte);
  }

  /** The number of bits. */
  public long bitLength() {
    return (bytes.length - 1) * 8L + bitsInLastByte;
  }

  public int bitsInLastByte() {
    return bitsInLastByte;
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof BitBinary bits
            && bits.bitsInLastByte == bitsInLastByte
            && Arrays.equals(bits.bytes, bytes));
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + bitsInLastByte;
  }

  @Override
  public String toString() {
    return TermPrinter.bits(bytes, 0, bytes.length, bitsInLastByte);
  }
}
