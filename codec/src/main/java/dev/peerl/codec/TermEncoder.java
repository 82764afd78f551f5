package dev.peerl.codec;

import static dev.peerl.codec.EtfTags.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * Writes terms in the External Term Format into an Agrona {@link MutableDirectBuffer}, byte for
 * byte as OTP 25's {@code term_to_binary(T, [{minor_version, 2}])} does: the smallest integer form,
 * {@code STRING_EXT} for short lists of bytes, {@code SMALL_ATOM_UTF8_EXT} when the name fits,
 * {@code NEW_FLOAT_EXT}, small maps in map key order. Maps of more than 32 keys are written in key
 * order too, where OTP uses its internal hash order: equal after decoding, not byte-equal.
 *
 * <p>Encoding allocates nothing. Give it an {@link org.agrona.ExpandableArrayBuffer} (or {@link
 * org.agrona.ExpandableDirectByteBuffer}) when the size is not known: those grow as they are
 * written. Stateless apart from its depth limit, so one encoder may be shared between threads.
 *
 * <p>Each write method first reserves the bytes it writes itself (one capacity check, which grows
 * an expandable buffer) and then stores them straight into the buffer's array when it has one,
 * rather than paying the buffer's check on every put.
 *
 * <p>For a distribution header with an atom cache, an encoder made with {@link AtomRefs} writes
 * every atom the refs accept as {@code ATOM_CACHE_REF} with the index they give, and the others in
 * full. Such an encoder is as thread-safe as its refs.
 */
public final class TermEncoder {
  /** The most nesting a term may have; deeper terms would overflow the stack. */
  public static final int DEFAULT_MAX_DEPTH = 4096;

  private static final int MAX_STRING_EXT_LENGTH = 0xFFFF;
  // OTP 25 writes NEW_PORT_EXT only for ids below 2^28 (the old port number width).
  private static final long MAX_V3_PORT_ID = (1L << 28) - 1;

  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  // A bignum's magnitude is little-endian on the wire.
  private static final VarHandle LITTLE_INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LITTLE_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Chooses which atoms of a message are written as {@code ATOM_CACHE_REF} (erl_ext_dist,
   * "Distribution Header"): the distribution header that goes with the message lists the atoms in
   * the order of their reference indices.
   */
  @FunctionalInterface
  public interface AtomRefs {
    /** The reference index (0..254) to write for {@code atom}, or -1 to write the atom in full. */
    int refOf(Atom atom);
  }

  /**
   * Takes the bytes of large binaries out of the output, so that a caller can send them from where
   * they are instead of copying them into the buffer (a message of a few megabytes then costs a few
   * bytes of encoding). For each binary it takes, the encoder writes only the 5-byte {@code
   * BINARY_EXT} header; the caller places the binary's bytes at the position given, in the order of
   * the calls.
   */
  @FunctionalInterface
  public interface BinaryRefs {
    /**
     * Whether the caller takes {@code binary}'s bytes, which belong at output offset {@code at}
     * (right after its header); false to have them written into the buffer as usual.
     */
    boolean take(Binary binary, int at);
  }

  private final int maxDepth;
  private final AtomRefs atomRefs;
  private final BinaryRefs binaryRefs;

  public TermEncoder() {
    this(DEFAULT_MAX_DEPTH);
  }

  public TermEncoder(int maxDepth) {
    this(maxDepth, null);
  }

  /**
   * An encoder that writes the atoms {@code atomRefs} accepts as atom cache references.
   *
   * @param atomRefs null for an encoder that writes every atom in full
   */
  public TermEncoder(int maxDepth, AtomRefs atomRefs) {
    this(maxDepth, atomRefs, null);
  }

  /**
   * An encoder that writes the atoms {@code atomRefs} accepts as atom cache references and leaves
   * out the bytes of the binaries {@code binaryRefs} takes.
   *
   * @param atomRefs null for an encoder that writes every atom in full
   * @param binaryRefs null for an encoder that writes every binary's bytes
   */
  public TermEncoder(int maxDepth, AtomRefs atomRefs, BinaryRefs binaryRefs) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    this.maxDepth = maxDepth;
    this.atomRefs = atomRefs;
    this.binaryRefs = binaryRefs;
  }

  /** Writes {@code 131} and the term at {@code offset}; returns the number of bytes written. */
  public int encodeVersioned(Term term, MutableDirectBuffer buffer, int offset) {
    reserve(buffer, offset, 1);
    putByte(buffer, offset, VERSION);
    return 1 + encode(term, buffer, offset + 1);
  }

  /** Writes the term without the version byte; returns the number of bytes written. */
  public int encode(Term term, MutableDirectBuffer buffer, int offset) {
    return write(term, buffer, offset, 0) - offset;
  }

  private int write(Term term, MutableDirectBuffer buffer, int at, int depth) {
    checkDepth(depth);
    if (term instanceof Atom atom) {
      return writeAtom(atom, buffer, at);
    } else if (term instanceof Int i) {
      return writeInt(i.value(), buffer, at);
    } else if (term instanceof Tuple tuple) {
      return writeTuple(tuple, buffer, at, depth);
    } else if (term instanceof ErlList list) {
      return writeList(list, buffer, at, depth);
    } else if (term instanceof Binary binary) {
      return writeBinary(binary, buffer, at);
    } else if (term instanceof Pid pid) {
      return writePid(pid, buffer, at);
    } else if (term instanceof Ref ref) {
      return writeRef(ref, buffer, at);
    } else if (term instanceof ErlMap map) {
      return writeMap(map, buffer, at, depth);
    } else if (term instanceof ErlFloat f) {
      reserve(buffer, at, 9);
      putByte(buffer, at, NEW_FLOAT_EXT);
      putLong(buffer, at + 1, Double.doubleToRawLongBits(f.value()));
      return at + 9;
    } else if (term instanceof BigInt big) {
      return writeBig(big, buffer, at);
    } else if (term instanceof BitBinary bits) {
      return writeBitBinary(bits, buffer, at);
    } else if (term instanceof Port port) {
      return writePort(port, buffer, at);
    } else if (term instanceof Fun fun) {
      return writeFun(fun, buffer, at, depth);
    } else if (term instanceof ExportFun export) {
      reserve(buffer, at, 1);
      putByte(buffer, at, EXPORT_EXT);
      at = writeAtom(export.module(), buffer, at + 1);
      at = writeAtom(export.function(), buffer, at);
      return writeInt(export.arity(), buffer, at);
    }
    throw new EncodeException("not a term: " + term);
  }

  // Integers and atoms are most of the elements of containers: written here, they skip the round
  // through write(), which the JIT cannot inline into itself. Callers have checked the depth.
  private int writeElement(Term element, MutableDirectBuffer buffer, int at, int depth) {
    if (element instanceof Int i) {
      return writeInt(i.value(), buffer, at);
    } else if (element instanceof Atom atom) {
      return writeAtom(atom, buffer, at);
    }
    return write(element, buffer, at, depth);
  }

  // Small integers and short atoms go straight into the buffer's array while it has room: one
  // comparison with the capacity held in a local, where reserve() and the puts would fetch the
  // array, its adjustment and its capacity again for every element. Anything else, or a full
  // buffer, takes writeElement(), which grows the buffer; the locals are read again after it.
  private int writeElements(Term[] elements, MutableDirectBuffer buffer, int at, int depth) {
    if (elements.length == 0) {
      return at;
    }
    checkDepth(depth + 1);
    byte[] array = buffer.byteArray();
    int adjustment = buffer.wrapAdjustment();
    int capacity = buffer.capacity();
    for (Term element : elements) {
      if (array != null) {
        if (element instanceof Int i) {
          long value = i.value();
          if (value >= 0 && value <= 255 && capacity - at >= 2) {
            array[adjustment + at] = (byte) SMALL_INTEGER_EXT;
            array[adjustment + at + 1] = (byte) value;
            at += 2;
            continue;
          }
        } else if (element instanceof Atom atom && atomRefs == null) {
          byte[] external = atom.external();
          if (capacity - at >= external.length) {
            System.arraycopy(external, 0, array, adjustment + at, external.length);
            at += external.length;
            continue;
          }
        }
      }
      at = writeElement(element, buffer, at, depth + 1);
      array = buffer.byteArray();
      adjustment = buffer.wrapAdjustment();
      capacity = buffer.capacity();
    }
    return at;
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw new EncodeException("term nested deeper than " + maxDepth);
    }
  }

  private int writeAtom(Atom atom, MutableDirectBuffer buffer, int at) {
    if (atomRefs != null) {
      int ref = atomRefs.refOf(atom);
      if (ref >= 0) {
        reserve(buffer, at, 2);
        putShort(buffer, at, ATOM_CACHE_REF << 8 | ref);
        return at + 2;
      }
    }
    byte[] external = atom.external();
    reserve(buffer, at, external.length);
    putBytes(buffer, at, external, 0, external.length);
    return at + external.length;
  }

  private static int writeInt(long value, MutableDirectBuffer buffer, int at) {
    if (value >= 0 && value <= 255) {
      reserve(buffer, at, 2);
      putShort(buffer, at, SMALL_INTEGER_EXT << 8 | (int) value);
      return at + 2;
    }
    return writeLargerInt(value, buffer, at);
  }

  // Kept out of writeInt, which then is small enough to be inlined into every loop over elements.
  private static int writeLargerInt(long value, MutableDirectBuffer buffer, int at) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      reserve(buffer, at, 5);
      putByte(buffer, at, INTEGER_EXT);
      putInt(buffer, at + 1, (int) value);
      return at + 5;
    }
    // Long.MIN_VALUE's magnitude is 2^63, which only the unsigned reading below gets right.
    long magnitude = value < 0 ? -value : value;
    int n = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    reserve(buffer, at, 3 + n);
    byte[] array = buffer.byteArray();
    if (array != null) {
      // n is 4 to 8 here. One little-endian store: of 4 bytes, or of 8 that end where the
      // magnitude ends and start inside the header, written after it; never outside the reserve.
      int index = buffer.wrapAdjustment() + at;
      if (n == Integer.BYTES) {
        LITTLE_INTS.set(array, index + 3, (int) magnitude);
      } else {
        LITTLE_LONGS.set(array, index + n - 5, magnitude << (8 * (Long.BYTES - n)));
      }
      array[index] = (byte) SMALL_BIG_EXT;
      array[index + 1] = (byte) n;
      array[index + 2] = (byte) (value < 0 ? 1 : 0);
      return at + 3 + n;
    }
    putByte(buffer, at, SMALL_BIG_EXT);
    putByte(buffer, at + 1, n);
    putByte(buffer, at + 2, value < 0 ? 1 : 0);
    for (int i = 0; i < n; i++) {
      buffer.putByte(at + 3 + i, (byte) (magnitude >>> (8 * i)));
    }
    return at + 3 + n;
  }

  private static int writeBig(BigInt big, MutableDirectBuffer buffer, int at) {
    byte[] magnitude = big.magnitudeLittleEndian();
    if (magnitude.length < 256) {
      reserve(buffer, at, 2);
      putByte(buffer, at, SMALL_BIG_EXT);
      putByte(buffer, at + 1, magnitude.length);
      at += 2;
    } else {
      reserve(buffer, at, 5);
      putByte(buffer, at, LARGE_BIG_EXT);
      putInt(buffer, at + 1, magnitude.length);
      at += 5;
    }
    reserve(buffer, at, 1 + magnitude.length);
    putByte(buffer, at, big.signum() < 0 ? 1 : 0);
    putBytes(buffer, at + 1, magnitude, 0, magnitude.length);
    return at + 1 + magnitude.length;
  }

  private int writeTuple(Tuple tuple, MutableDirectBuffer buffer, int at, int depth) {
    Term[] elements = tuple.elementArray();
    if (elements.length < 256) {
      reserve(buffer, at, 2);
      putByte(buffer, at, SMALL_TUPLE_EXT);
      putByte(buffer, at + 1, elements.length);
      at += 2;
    } else {
      reserve(buffer, at, 5);
      putByte(buffer, at, LARGE_TUPLE_EXT);
      putInt(buffer, at + 1, elements.length);
      at += 5;
    }
    return writeElements(elements, buffer, at, depth);
  }

  private int writeList(ErlList list, MutableDirectBuffer buffer, int at, int depth) {
    Term[] elements = list.elementArray();
    if (elements.length == 0) {
      reserve(buffer, at, 1);
      putByte(buffer, at, NIL_EXT);
      return at + 1;
    }
    if (elements.length <= MAX_STRING_EXT_LENGTH) {
      byte[] bytes = list.keptBytes();
      if (bytes != null) {
        reserve(buffer, at, 3 + bytes.length);
        putByte(buffer, at, STRING_EXT);
        putShort(buffer, at + 1, bytes.length);
        putBytes(buffer, at + 3, bytes, 0, bytes.length);
        return at + 3 + bytes.length;
      }
      if (list.isByteString()) {
        return writeString(elements, buffer, at);
      }
    }
    reserve(buffer, at, 5);
    putByte(buffer, at, LIST_EXT);
    putInt(buffer, at + 1, elements.length);
    at = writeElements(elements, buffer, at + 5, depth);
    return write(list.tail(), buffer, at, depth + 1);
  }

  private static int writeString(Term[] bytes, MutableDirectBuffer buffer, int at) {
    reserve(buffer, at, 3 + bytes.length);
    putByte(buffer, at, STRING_EXT);
    putShort(buffer, at + 1, bytes.length);
    at += 3;
    byte[] array = buffer.byteArray();
    if (array != null) {
      int index = buffer.wrapAdjustment() + at;
      for (int i = 0; i < bytes.length; i++) {
        array[index + i] = (byte) ((Int) bytes[i]).value();
      }
      return at + bytes.length;
    }
    for (Term element : bytes) {
      putByte(buffer, at++, (int) ((Int) element).value());
    }
    return at;
  }

  private int writeBinary(Binary binary, MutableDirectBuffer buffer, int at) {
    if (binaryRefs != null && binaryRefs.take(binary, at + 5)) {
      reserve(buffer, at, 5);
      putByte(buffer, at, BINARY_EXT);
      putInt(buffer, at + 1, binary.length());
      return at + 5;
    }
    reserve(buffer, at, 5 + binary.length());
    putByte(buffer, at, BINARY_EXT);
    putInt(buffer, at + 1, binary.length());
    putBytes(buffer, at + 5, binary.array(), binary.offset(), binary.length());
    return at + 5 + binary.length();
  }

  private static int writeBitBinary(BitBinary bits, MutableDirectBuffer buffer, int at) {
    byte[] bytes = bits.bytes();
    reserve(buffer, at, 6 + bytes.length);
    putByte(buffer, at, BIT_BINARY_EXT);
    putInt(buffer, at + 1, bytes.length);
    putByte(buffer, at + 5, bits.bitsInLastByte());
    putBytes(buffer, at + 6, bytes, 0, bytes.length);
    return at + 6 + bytes.length;
  }

  private int writeMap(ErlMap map, MutableDirectBuffer buffer, int at, int depth) {
    Term[] keys = map.keyArray();
    Term[] values = map.valueArray();
    reserve(buffer, at, 5);
    putByte(buffer, at, MAP_EXT);
    putInt(buffer, at + 1, keys.length);
    at += 5;
    if (keys.length > 0) {
      checkDepth(depth + 1);
    }
    for (int i = 0; i < keys.length; i++) {
      at = writeElement(keys[i], buffer, at, depth + 1);
      at = writeElement(values[i], buffer, at, depth + 1);
    }
    return at;
  }

  private int writePid(Pid pid, MutableDirectBuffer buffer, int at) {
    if (atomRefs == null) {
      // The node in full: the whole pid's length is known, one reservation covers it.
      byte[] node = pid.node().external();
      int end = at + 1 + node.length;
      reserve(buffer, at, 1 + node.length + 12);
      putByte(buffer, at, NEW_PID_EXT);
      putBytes(buffer, at + 1, node, 0, node.length);
      putInt(buffer, end, pid.id());
      putInt(buffer, end + 4, pid.serial());
      putInt(buffer, end + 8, pid.creation());
      return end + 12;
    }
    reserve(buffer, at, 1);
    putByte(buffer, at, NEW_PID_EXT);
    at = writeAtom(pid.node(), buffer, at + 1);
    reserve(buffer, at, 12);
    putInt(buffer, at, pid.id());
    putInt(buffer, at + 4, pid.serial());
    putInt(buffer, at + 8, pid.creation());
    return at + 12;
  }

  private int writePort(Port port, MutableDirectBuffer buffer, int at) {
    boolean v4 = Long.compareUnsigned(port.id(), MAX_V3_PORT_ID) > 0;
    reserve(buffer, at, 1);
    putByte(buffer, at, v4 ? V4_PORT_EXT : NEW_PORT_EXT);
    at = writeAtom(port.node(), buffer, at + 1);
    if (v4) {
      reserve(buffer, at, 8);
      putLong(buffer, at, port.id());
      at += 8;
    } else {
      reserve(buffer, at, 4);
      putInt(buffer, at, (int) port.id());
      at += 4;
    }
    reserve(buffer, at, 4);
    putInt(buffer, at, port.creation());
    return at + 4;
  }

  private int writeRef(Ref ref, MutableDirectBuffer buffer, int at) {
    int[] ids = ref.ids();
    if (atomRefs == null) {
      byte[] node = ref.node().external();
      reserve(buffer, at, 3 + node.length + 4 + 4 * ids.length);
      putByte(buffer, at, NEWER_REFERENCE_EXT);
      putShort(buffer, at + 1, ids.length);
      putBytes(buffer, at + 3, node, 0, node.length);
      at += 3 + node.length;
    } else {
      reserve(buffer, at, 3);
      putByte(buffer, at, NEWER_REFERENCE_EXT);
      putShort(buffer, at + 1, ids.length);
      at = writeAtom(ref.node(), buffer, at + 3);
      reserve(buffer, at, 4 + 4 * ids.length);
    }
    putInt(buffer, at, ref.creation());
    at += 4;
    for (int id : ids) {
      putInt(buffer, at, id);
      at += 4;
    }
    return at;
  }

  private int writeFun(Fun fun, MutableDirectBuffer buffer, int at, int depth) {
    int start = at;
    Term[] freeVars = fun.freeVarArray();
    reserve(buffer, at, 30);
    putByte(buffer, at, NEW_FUN_EXT);
    // Size, patched below once known.
    putByte(buffer, at + 5, fun.arity());
    putBytes(buffer, at + 6, fun.uniqBytes(), 0, Fun.UNIQ_LENGTH);
    putInt(buffer, at + 22, fun.index());
    putInt(buffer, at + 26, freeVars.length);
    at = writeAtom(fun.module(), buffer, at + 30);
    at = writeInt(fun.oldIndex(), buffer, at);
    at = writeInt(fun.oldUniq(), buffer, at);
    at = writePid(fun.pid(), buffer, at);
    at = writeElements(freeVars, buffer, at, depth);
    putInt(buffer, start + 1, at - start - 1);
    return at;
  }

  // Every put below lands in a range reserved just before: an expandable buffer has grown to hold
  // it, a fixed one has been found large enough (or thrown IndexOutOfBoundsException). Into the
  // buffer's array, then, they store without a check of their own; the JVM's array bounds check
  // stays. Off-heap buffers take the buffer's own (checked) puts.
  private static void reserve(MutableDirectBuffer buffer, int at, int length) {
    long limit = (long) at + length;
    if (at < 0 || limit > buffer.capacity()) {
      grow(buffer, at, length, limit);
    }
  }

  // Apart from the hot path above so that it stays small enough to be inlined everywhere.
  private static void grow(MutableDirectBuffer buffer, int at, int length, long limit) {
    if (at < 0 || limit > Integer.MAX_VALUE) {
      throw new IndexOutOfBoundsException("cannot write " + length + " bytes at " + at);
    }
    buffer.checkLimit((int) limit);
  }

  private static void putByte(MutableDirectBuffer buffer, int at, int value) {
    byte[] array = buffer.byteArray();
    if (array != null) {
      array[buffer.wrapAdjustment() + at] = (byte) value;
    } else {
      buffer.putByte(at, (byte) value);
    }
  }

  private static void putShort(MutableDirectBuffer buffer, int at, int value) {
    byte[] array = buffer.byteArray();
    if (array != null) {
      SHORTS.set(array, buffer.wrapAdjustment() + at, (short) value);
    } else {
      buffer.putShort(at, (short) value, ByteOrder.BIG_ENDIAN);
    }
  }

  private static void putInt(MutableDirectBuffer buffer, int at, int value) {
    byte[] array = buffer.byteArray();
    if (array != null) {
      INTS.set(array, buffer.wrapAdjustment() + at, value);
    } else {
      buffer.putInt(at, value, ByteOrder.BIG_ENDIAN);
    }
  }

  private static void putLong(MutableDirectBuffer buffer, int at, long value) {
    byte[] array = buffer.byteArray();
    if (array != null) {
      LONGS.set(array, buffer.wrapAdjustment() + at, value);
    } else {
      buffer.putLong(at, value, ByteOrder.BIG_ENDIAN);
    }
  }

  private static void putBytes(
      MutableDirectBuffer buffer, int at, byte[] source, int from, int length) {
    byte[] array = buffer.byteArray();
    if (array != null) {
      System.arraycopy(source, from, array, buffer.wrapAdjustment() + at, length);
    } else {
      buffer.putBytes(at, source, from, length);
    }
  }
}
