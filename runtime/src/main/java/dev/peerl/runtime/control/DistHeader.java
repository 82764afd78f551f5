package dev.peerl.runtime.control;

import dev.peerl.codec.Atom;
import dev.peerl.codec.AtomCache;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The distribution header in front of a message when DIST_HDR_ATOM_CACHE is negotiated
 * (erl_ext_dist, "Distribution Header" and "Distribution Header for Fragmented Messages"):
 *
 * <pre>
 *   normal:        131, 68,                          N:8, Flags, AtomCacheRefs, Control, Payload
 *   first frag:    131, 69, SeqId:64, FragId:64,     N:8, Flags, AtomCacheRefs, part of the message
 *   continuation:  131, 70, SeqId:64, FragId:64,     more of the message
 *
 *   Flags (N/2 + 1 bytes, absent when N = 0): one half byte per reference, even indices in the low
 *   half: NewCacheEntry:1 | SegmentIndex:3; then one more half byte: unused:3 | LongAtoms:1.
 *   AtomCacheRef: new    InternalSegmentIndex:8, Length:8 (16 with LongAtoms), UTF-8 text
 *                 cached InternalSegmentIndex:8
 * </pre>
 *
 * The cache entry is {@code SegmentIndex * 256 + InternalSegmentIndex}, 2048 entries per direction
 * of a connection. Terms after the header have no version byte; an {@code ATOM_CACHE_REF} in them
 * is an index into this header's list of references, not into the cache. FragId counts down to 1.
 */
public final class DistHeader {
  /** The second byte of a normal distribution header. */
  public static final int DIST_HEADER = 68;

  /** The second byte of the first fragment of a fragmented message. */
  public static final int DIST_FRAG_HEADER = 69;

  /** The second byte of every later fragment. */
  public static final int DIST_FRAG_CONT = 70;

  /** Entries in the atom cache of each direction of a connection: 8 segments of 256. */
  public static final int ATOM_CACHE_SIZE = 2048;

  /** The most atom cache references one message's header can carry. */
  public static final int MAX_ATOM_CACHE_REFS = 255;

  /** The bytes of {@code 131, 69/70, SeqId:64, FragId:64}. */
  public static final int FRAGMENT_PREFIX_LENGTH = 18;

  private static final int NEW_ENTRY = 8;
  private static final int LONG_ATOMS = 1;

  private DistHeader() {}

  /** The offset of SeqId in a fragment header starting at {@code offset}. */
  public static int sequenceIdOffset(int offset) {
    return offset + 2;
  }

  /** The offset of FragId in a fragment header starting at {@code offset}. */
  public static int fragmentIdOffset(int offset) {
    return offset + 10;
  }

  /**
   * Reads the atom cache part ({@code N, Flags, AtomCacheRefs}) at {@code offset}, applies its new
   * entries to {@code cache} in order and resolves each reference to its atom, so that a later
   * header that replaces an entry does not change what this message's references mean.
   *
   * @param refs receives the atoms of references {@code 0..N-1}
   * @return the offset after the atom cache part
   */
  public static int readAtomCacheRefs(
      DirectBuffer buffer, int offset, int limit, Atom[] cache, Atom[] refs, AtomCache atoms)
      throws DistHeaderException {
    Reader in = new Reader(buffer, offset, limit);
    int count = in.u8("the number of atom cache references");
    if (count == 0) {
      return in.at;
    }
    int flagsAt = in.at;
    in.skip(count / 2 + 1, "the atom cache flags");
    boolean longAtoms = (halfByte(buffer, flagsAt, count) & LONG_ATOMS) != 0;
    for (int i = 0; i < count; i++) {
      int flags = halfByte(buffer, flagsAt, i);
      int index = (flags & 7) << 8 | in.u8("an atom cache reference");
      if ((flags & NEW_ENTRY) != 0) {
        int length = longAtoms ? in.u16("an atom length") : in.u8("an atom length");
        int textAt = in.at;
        in.skip(length, "an atom's text");
        Atom atom = atom(buffer, textAt, length, atoms);
        cache[index] = atom;
        refs[i] = atom;
      } else if (cache[index] == null) {
        throw new DistHeaderException(
            "atom cache reference " + i + " names entry " + index + ", which was never set");
      } else {
        refs[i] = cache[index];
      }
    }
    return in.at;
  }

  private static Atom atom(DirectBuffer buffer, int at, int length, AtomCache atoms)
      throws DistHeaderException {
    byte[] text = new byte[length];
    buffer.getBytes(at, text);
    Atom atom = atoms.utf8(text, 0, length);
    if (atom == null) {
      throw new DistHeaderException(
          "atom cache entry of " + length + " bytes is not valid UTF-8 of at most 255 characters");
    }
    return atom;
  }

  private static int halfByte(DirectBuffer buffer, int flagsAt, int index) {
    int b = buffer.getByte(flagsAt + index / 2) & 0xFF;
    return (index & 1) == 0 ? b & 0xF : b >>> 4;
  }

  /**
   * Writes the atom cache part for {@code refs[0..count)} at {@code offset} and records in {@code
   * cache} what the receiver holds after it: an atom already in its entry is referenced, any other
   * replaces the entry. Returns the offset after it.
   */
  public static int writeAtomCacheRefs(
      Atom[] refs, int count, Atom[] cache, MutableDirectBuffer buffer, int offset) {
    buffer.putByte(offset, (byte) count);
    if (count == 0) {
      return offset + 1;
    }
    int flagsAt = offset + 1;
    int flagBytes = count / 2 + 1;
    boolean longAtoms = false;
    for (int i = 0; i < count; i++) {
      longAtoms |= refs[i].utf8Length() > 255;
    }
    for (int i = 0; i < flagBytes; i++) {
      buffer.putByte(flagsAt + i, (byte) 0);
    }
    int at = flagsAt + flagBytes;
    for (int i = 0; i < count; i++) {
      Atom atom = refs[i];
      int index = cacheIndex(atom);
      boolean cached = atom.equals(cache[index]);
      putHalfByte(buffer, flagsAt, i, (cached ? 0 : NEW_ENTRY) | index >>> 8);
      buffer.putByte(at++, (byte) index);
      if (!cached) {
        int length = atom.utf8Length();
        if (longAtoms) {
          buffer.putShort(at, (short) length, java.nio.ByteOrder.BIG_ENDIAN);
          at += 2;
        } else {
          buffer.putByte(at++, (byte) length);
        }
        atom.putUtf8(buffer, at);
        at += length;
        cache[index] = atom;
      }
    }
    putHalfByte(buffer, flagsAt, count, longAtoms ? LONG_ATOMS : 0);
    return at;
  }

  /** The most bytes {@link #writeAtomCacheRefs} writes for {@code count} atoms. */
  public static int maxAtomCacheRefsLength(Atom[] refs, int count) {
    int length = 2 + count / 2;
    for (int i = 0; i < count; i++) {
      length += 3 + refs[i].utf8Length();
    }
    return length;
  }

  /**
   * The cache entry for {@code atom}. Any rule is valid (the receiver obeys the header); this one
   * spreads the atom's hash over the 2048 entries.
   */
  public static int cacheIndex(Atom atom) {
    int h = atom.hashCode() * 0x9E3779B9;
    return (h ^ h >>> 16) & (ATOM_CACHE_SIZE - 1);
  }

  private static void putHalfByte(MutableDirectBuffer buffer, int flagsAt, int index, int value) {
    int at = flagsAt + index / 2;
    int b = buffer.getByte(at) & 0xFF;
    b = (index & 1) == 0 ? (b & 0xF0) | value : (b & 0x0F) | value << 4;
    buffer.putByte(at, (byte) b);
  }

  /** Bounded reads, each failure naming what was being read. */
  private static final class Reader {
    private final DirectBuffer buffer;
    private final int limit;
    private int at;

    Reader(DirectBuffer buffer, int at, int limit) {
      this.buffer = buffer;
      this.at = at;
      this.limit = limit;
    }

    int u8(String what) throws DistHeaderException {
      require(1, what);
      return buffer.getByte(at++) & 0xFF;
    }

    int u16(String what) throws DistHeaderException {
      require(2, what);
      int value = buffer.getShort(at, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
      at += 2;
      return value;
    }

    void skip(int length, String what) throws DistHeaderException {
      require(length, what);
      at += length;
    }

    private void require(int length, String what) throws DistHeaderException {
      if ((long) at + length > limit) {
        throw new DistHeaderException("the distribution header ends inside " + what);
      }
    }
  }
}
