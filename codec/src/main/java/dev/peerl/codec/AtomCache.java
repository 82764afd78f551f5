package dev.peerl.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
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

  // A lookup is on the path of almost every term, so the bytes are read eight at a time. The byte
  // order only has to be the same on every call.
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  // The 64-bit golden ratio: multiplying by it spreads every input bit over the high bits.
  private static final long MIX = 0x9E37_79B9_7F4A_7C15L;

  private final Atom[] slots;
  private final int mask;
  private final AtomBudget budget; // null: nothing counted

  /** A cache of {@code capacity} slots, rounded up to a power of two. */
  public AtomCache(int capacity) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("capacity must be 1..2^24: " + capacity);
    }
    int size = Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new Atom[Math.max(size, 1)];
    this.mask = slots.length - 1;
    this.budget = null;
  }

  private AtomCache(AtomCache shared, AtomBudget budget) {
    this.slots = shared.slots;
    this.mask = shared.mask;
    this.budget = budget;
  }

  /**
   * A view of this cache for one source of terms (a connection): the same slots, so that atoms
   * found here are found there, and every atom created through the view (one not found cached) is
   * recorded in {@code budget}.
   */
  public AtomCache counting(AtomBudget budget) {
    return new AtomCache(this, Objects.requireNonNull(budget, "budget"));
  }

  /** The process-wide cache used when none is given. */
  public static AtomCache shared() {
    return SHARED;
  }

  /**
   * The atom whose UTF-8 bytes are {@code bytes[from, from + length)}; null when they are not valid
   * UTF-8 or name more than 255 characters. The decoder passes the wire buffer's own array when it
   * has one, so a hit reads the bytes in place and copies nothing.
   */
  public Atom utf8(byte[] bytes, int from, int length) {
    long prefix = prefix(bytes, from, length);
    if (length <= Long.BYTES) {
      // The prefix and the length are the whole name.
      int slot = spread((prefix ^ length) * MIX);
      Atom cached = slots[slot];
      if (cached != null && cached.prefix() == prefix && cached.utf8Length() == length) {
        return cached;
      }
      return miss(bytes, from, length, slot);
    }
    long suffix = suffix(bytes, from, length);
    int slot = slot(prefix, suffix, bytes, from, length);
    Atom cached = slots[slot];
    if (cached != null
        && cached.prefix() == prefix
        && cached.suffix() == suffix
        && cached.utf8Length() == length
        && sameMiddle(cached.utf8(), bytes, from, length)) {
      return cached;
    }
    return miss(bytes, from, length, slot);
  }

  private Atom miss(byte[] bytes, int from, int length, int slot) {
    Atom atom = newAtom(Arrays.copyOfRange(bytes, from, from + length));
    if (atom != null) {
      slots[slot] = atom;
      if (budget != null) {
        budget.record(atom.utf8());
      }
    }
    return atom;
  }

  /** The atom whose Latin-1 bytes are given (the old ATOM_EXT forms); never fails. */
  Atom latin1(DirectBuffer buffer, int offset, int length) {
    byte[] bytes = new byte[length];
    buffer.getBytes(offset, bytes);
    String name = new String(bytes, StandardCharsets.ISO_8859_1);
    Atom atom = new Atom(name, name.getBytes(StandardCharsets.UTF_8));
    if (budget != null) {
      budget.record(atom.utf8());
    }
    return atom;
  }

  /**
   * The first eight bytes (fewer, zero-padded, when the name is shorter) as a little-endian long:
   * together with the length this is the whole name of most atoms, so a hit usually costs one read
   * and one comparison.
   */
  static long prefix(byte[] bytes, int from, int length) {
    if (length >= Long.BYTES) {
      return (long) LONGS.get(bytes, from);
    }
    int end = from + length;
    if (end >= Long.BYTES && length > 0) {
      // The eight bytes that end where the name ends, those before it shifted out: on the wire a
      // name always has its tag and length before it, so this read is inside the array even for
      // the last atom of a message, where a read from the name's start would run past the end.
      return (long) LONGS.get(bytes, end - Long.BYTES) >>> ((Long.BYTES - length) << 3);
    }
    if (from <= bytes.length - Long.BYTES) {
      // Read on past the name, still inside the array, and drop the bytes that are not part of it.
      return (long) LONGS.get(bytes, from) & ((1L << (length << 3)) - 1);
    }
    long prefix = 0;
    for (int i = length - 1; i >= 0; i--) {
      prefix = (prefix << 8) | (bytes[from + i] & 0xFF);
    }
    return prefix;
  }

  /**
   * The last eight bytes of a name of more than eight (else 0) as a little-endian long: with the
   * prefix and the length, the whole name of an atom of up to 16 bytes, compared without a read
   * through the atom's name.
   */
  static long suffix(byte[] bytes, int from, int length) {
    return length > Long.BYTES ? (long) LONGS.get(bytes, from + length - Long.BYTES) : 0;
  }

  // For a name of more than eight bytes.
  private int slot(long prefix, long suffix, byte[] bytes, int from, int length) {
    long hash = (prefix ^ length) * MIX;
    int last = from + length - Long.BYTES;
    for (int i = from + Long.BYTES; i < last; i += Long.BYTES) {
      hash = (hash ^ (long) LONGS.get(bytes, i)) * MIX;
    }
    return spread((hash ^ suffix) * MIX);
  }

  // The high bits are the well mixed ones.
  private int spread(long hash) {
    return (int) (hash >>> 32) & mask;
  }

  /** Whether {@code atom}'s UTF-8 name is {@code bytes[from, from + length)}. */
  static boolean sameName(Atom atom, byte[] bytes, int from, int length) {
    return atom.utf8Length() == length
        && atom.prefix() == prefix(bytes, from, length)
        && atom.suffix() == suffix(bytes, from, length)
        && sameMiddle(atom.utf8(), bytes, from, length);
  }

  // Compares the bytes between the first eight and the last eight (none up to 16 bytes), with the
  // same reads as the hash; the prefixes, suffixes and lengths were found equal already.
  private static boolean sameMiddle(byte[] name, byte[] bytes, int from, int length) {
    int last = length - Long.BYTES;
    for (int i = Long.BYTES; i < last; i += Long.BYTES) {
      if ((long) LONGS.get(name, i) != (long) LONGS.get(bytes, from + i)) {
        return false;
      }
    }
    return true;
  }

  private static Atom newAtom(byte[] bytes) {
    String name = decodeUtf8(bytes);
    if (name == null || name.codePointCount(0, name.length()) > Atom.MAX_CHARACTERS) {
      return null;
    }
    return new Atom(name, bytes);
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
