package dev.peerl.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Turns atom bytes from the wire into {@link Atom}s, reusing recent ones so that the common atoms
 * cost no allocation. The cache is a fixed array of slots indexed by a hash of the bytes: a new
 * atom replaces whatever sat in its slot, so memory stays bounded however many distinct atoms a
 * peer sends (an intern table would keep every one forever). Safe to share between threads: a slot
 * holds an immutable atom, and a lost race only costs a miss.
 */
public final class AtomCache {
  private static final AtomCache SHARED = new AtomCache(4096);

  private final Atom[] slots;
  private final int mask;

  /** A cache of {@code capacity} slots, rounded up to a power of two. */
  public AtomCache(int capacity) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("capacity must be 1..2^24: " + capacity);
    }
    int size = Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new Atom[Math.max(size, 1)];
    this.mask = slots.length - 1;
  }

  /** The process-wide cache used when none is given. */
  public static AtomCache shared() {
    return SHARED;
  }

  /**
   * The atom whose UTF-8 bytes are {@code buffer[offset, offset + length)}; empty result when they
   * are not valid UTF-8 or name more than 255 characters.
   */
  Atom utf8(DirectBuffer buffer, int offset, int length) {
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + buffer.getByte(offset + i);
    }
    int slot = (hash ^ (hash >>> 16)) & mask;
    Atom cached = slots[slot];
    if (cached != null && sameBytes(cached.utf8(), buffer, offset, length)) {
      return cached;
    }
    byte[] bytes = new byte[length];
    buffer.getBytes(offset, bytes);
    String name = decodeUtf8(bytes);
    if (name == null || name.codePointCount(0, name.length()) > Atom.MAX_CHARACTERS) {
      return null;
    }
    Atom atom = new Atom(name, bytes);
    slots[slot] = atom;
    return atom;
  }

  /** The atom whose Latin-1 bytes are given (the old ATOM_EXT forms); never fails. */
  Atom latin1(DirectBuffer buffer, int offset, int length) {
    byte[] bytes = new byte[length];
    buffer.getBytes(offset, bytes);
    String name = new String(bytes, StandardCharsets.ISO_8859_1);
    return new Atom(name, name.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean sameBytes(byte[] bytes, DirectBuffer buffer, int offset, int length) {
    if (bytes.length != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[i] != buffer.getByte(offset + i)) {
        return false;
      }
    }
    return true;
  }

  private static String decodeUtf8(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
