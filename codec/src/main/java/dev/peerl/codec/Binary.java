package dev.peerl.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A binary: a whole number of bytes. It may be a slice of a larger array (a zero-copy decode); it
 * is never modified, and {@link #of(byte[])} copies what it is given.
 */
public final class Binary implements Term {
  public static final Binary EMPTY = new Binary(new byte[0], 0, 0);

  private final byte[] array;
  private final int offset;
  private final int length;

  private Binary(byte[] array, int offset, int length) {
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /** A binary holding a copy of {@code bytes}. */
  public static Binary of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Binary(bytes.clone(), 0, bytes.length);
  }

  /** A binary of the UTF-8 bytes of {@code text}, as Elixir strings are. */
  public static Binary of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Binary(bytes, 0, bytes.length);
  }

  /**
   * A binary over {@code array[offset, offset + length)} without copying: the caller promises never
   * to modify that range again.
   */
  public static Binary wrap(byte[] array, int offset, int length) {
    Checks.range(array.length, offset, length);
    return new Binary(array, offset, length);
  }

  public int length() {
    return length;
  }

  public byte byteAt(int index) {
    return array[offset + Checks.index(index, length)];
  }

  public byte[] toByteArray() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  /** A read-only view of the bytes, without copying. */
  public DirectBuffer buffer() {
    return new UnsafeBuffer(array, offset, length);
  }

  /** The bytes decoded as UTF-8 (malformed input replaced), as an Elixir string reads. */
  public String utf8() {
    return new String(array, offset, length, StandardCharsets.UTF_8);
  }

  byte[] array() {
    return array;
  }

  int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof Binary binary
            && Arrays.equals(
                array,
                offset,
                offset + length,
                binary.array,
                binary.offset,
                binary.offset + binary.length));
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + array[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    return TermPrinter.bits(array, offset, length, 8);
  }
}
