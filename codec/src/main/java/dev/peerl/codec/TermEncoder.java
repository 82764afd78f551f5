package dev.peerl.codec;

import static dev.peerl.codec.EtfTags.*;

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
 */
public final class TermEncoder {
  /** The most nesting a term may have; deeper terms would overflow the stack. */
  public static final int DEFAULT_MAX_DEPTH = 4096;

  private static final int MAX_STRING_EXT_LENGTH = 0xFFFF;
  // OTP 25 writes NEW_PORT_EXT only for ids below 2^28 (the old port number width).
  private static final long MAX_V3_PORT_ID = (1L << 28) - 1;

  private final int maxDepth;

  public TermEncoder() {
    this(DEFAULT_MAX_DEPTH);
  }

  public TermEncoder(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    this.maxDepth = maxDepth;
  }

  /** Writes {@code 131} and the term at {@code offset}; returns the number of bytes written. */
  public int encodeVersioned(Term term, MutableDirectBuffer buffer, int offset) {
    buffer.putByte(offset, (byte) VERSION);
    return 1 + encode(term, buffer, offset + 1);
  }

  /** Writes the term without the version byte; returns the number of bytes written. */
  public int encode(Term term, MutableDirectBuffer buffer, int offset) {
    return write(term, buffer, offset, 0) - offset;
  }

  private int write(Term term, MutableDirectBuffer buffer, int at, int depth) {
    if (depth > maxDepth) {
      throw new EncodeException("term nested deeper than " + maxDepth);
    }
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
      buffer.putByte(at, (byte) NEW_FLOAT_EXT);
      buffer.putDouble(at + 1, f.value(), ByteOrder.BIG_ENDIAN);
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
      buffer.putByte(at, (byte) EXPORT_EXT);
      at = writeAtom(export.module(), buffer, at + 1);
      at = writeAtom(export.function(), buffer, at);
      return writeInt(export.arity(), buffer, at);
    }
    throw new EncodeException("not a term: " + term);
  }

  private static int writeAtom(Atom atom, MutableDirectBuffer buffer, int at) {
    byte[] utf8 = atom.utf8();
    if (utf8.length < 256) {
      buffer.putByte(at, (byte) SMALL_ATOM_UTF8_EXT);
      buffer.putByte(at + 1, (byte) utf8.length);
      buffer.putBytes(at + 2, utf8);
      return at + 2 + utf8.length;
    }
    buffer.putByte(at, (byte) ATOM_UTF8_EXT);
    buffer.putShort(at + 1, (short) utf8.length, ByteOrder.BIG_ENDIAN);
    buffer.putBytes(at + 3, utf8);
    return at + 3 + utf8.length;
  }

  private static int writeInt(long value, MutableDirectBuffer buffer, int at) {
    if (value >= 0 && value <= 255) {
      buffer.putByte(at, (byte) SMALL_INTEGER_EXT);
      buffer.putByte(at + 1, (byte) value);
      return at + 2;
    }
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      buffer.putByte(at, (byte) INTEGER_EXT);
      buffer.putInt(at + 1, (int) value, ByteOrder.BIG_ENDIAN);
      return at + 5;
    }
    // Long.MIN_VALUE's magnitude is 2^63, which only the unsigned reading below gets right.
    long magnitude = value < 0 ? -value : value;
    int n = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
    buffer.putByte(at, (byte) SMALL_BIG_EXT);
    buffer.putByte(at + 1, (byte) n);
    buffer.putByte(at + 2, (byte) (value < 0 ? 1 : 0));
    for (int i = 0; i < n; i++) {
      buffer.putByte(at + 3 + i, (byte) (magnitude >>> (8 * i)));
    }
    return at + 3 + n;
  }

  private static int writeBig(BigInt big, MutableDirectBuffer buffer, int at) {
    byte[] magnitude = big.magnitudeLittleEndian();
    if (magnitude.length < 256) {
      buffer.putByte(at, (byte) SMALL_BIG_EXT);
      buffer.putByte(at + 1, (byte) magnitude.length);
      at += 2;
    } else {
      buffer.putByte(at, (byte) LARGE_BIG_EXT);
      buffer.putInt(at + 1, magnitude.length, ByteOrder.BIG_ENDIAN);
      at += 5;
    }
    buffer.putByte(at, (byte) (big.signum() < 0 ? 1 : 0));
    buffer.putBytes(at + 1, magnitude);
    return at + 1 + magnitude.length;
  }

  private int writeTuple(Tuple tuple, MutableDirectBuffer buffer, int at, int depth) {
    Term[] elements = tuple.elementArray();
    if (elements.length < 256) {
      buffer.putByte(at, (byte) SMALL_TUPLE_EXT);
      buffer.putByte(at + 1, (byte) elements.length);
      at += 2;
    } else {
      buffer.putByte(at, (byte) LARGE_TUPLE_EXT);
      buffer.putInt(at + 1, elements.length, ByteOrder.BIG_ENDIAN);
      at += 5;
    }
    for (Term element : elements) {
      at = write(element, buffer, at, depth + 1);
    }
    return at;
  }

  private int writeList(ErlList list, MutableDirectBuffer buffer, int at, int depth) {
    Term[] elements = list.elementArray();
    if (elements.length == 0) {
      buffer.putByte(at, (byte) NIL_EXT);
      return at + 1;
    }
    if (list.isProper() && isByteString(elements)) {
      buffer.putByte(at, (byte) STRING_EXT);
      buffer.putShort(at + 1, (short) elements.length, ByteOrder.BIG_ENDIAN);
      at += 3;
      for (Term element : elements) {
        buffer.putByte(at++, (byte) ((Int) element).value());
      }
      return at;
    }
    buffer.putByte(at, (byte) LIST_EXT);
    buffer.putInt(at + 1, elements.length, ByteOrder.BIG_ENDIAN);
    at += 5;
    for (Term element : elements) {
      at = write(element, buffer, at, depth + 1);
    }
    return write(list.tail(), buffer, at, depth + 1);
  }

  private static boolean isByteString(Term[] elements) {
    if (elements.length > MAX_STRING_EXT_LENGTH) {
      return false;
    }
    for (Term element : elements) {
      if (!(element instanceof Int i) || i.value() < 0 || i.value() > 255) {
        return false;
      }
    }
    return true;
  }

  private static int writeBinary(Binary binary, MutableDirectBuffer buffer, int at) {
    buffer.putByte(at, (byte) BINARY_EXT);
    buffer.putInt(at + 1, binary.length(), ByteOrder.BIG_ENDIAN);
    buffer.putBytes(at + 5, binary.array(), binary.offset(), binary.length());
    return at + 5 + binary.length();
  }

  private static int writeBitBinary(BitBinary bits, MutableDirectBuffer buffer, int at) {
    byte[] bytes = bits.bytes();
    buffer.putByte(at, (byte) BIT_BINARY_EXT);
    buffer.putInt(at + 1, bytes.length, ByteOrder.BIG_ENDIAN);
    buffer.putByte(at + 5, (byte) bits.bitsInLastByte());
    buffer.putBytes(at + 6, bytes);
    return at + 6 + bytes.length;
  }

  private int writeMap(ErlMap map, MutableDirectBuffer buffer, int at, int depth) {
    buffer.putByte(at, (byte) MAP_EXT);
    buffer.putInt(at + 1, map.size(), ByteOrder.BIG_ENDIAN);
    at += 5;
    for (int i = 0, n = map.size(); i < n; i++) {
      at = write(map.keyAt(i), buffer, at, depth + 1);
      at = write(map.valueAt(i), buffer, at, depth + 1);
    }
    return at;
  }

  private static int writePid(Pid pid, MutableDirectBuffer buffer, int at) {
    buffer.putByte(at, (byte) NEW_PID_EXT);
    at = writeAtom(pid.node(), buffer, at + 1);
    buffer.putInt(at, pid.id(), ByteOrder.BIG_ENDIAN);
    buffer.putInt(at + 4, pid.serial(), ByteOrder.BIG_ENDIAN);
    buffer.putInt(at + 8, pid.creation(), ByteOrder.BIG_ENDIAN);
    return at + 12;
  }

  private static int writePort(Port port, MutableDirectBuffer buffer, int at) {
    if (Long.compareUnsigned(port.id(), MAX_V3_PORT_ID) > 0) {
      buffer.putByte(at, (byte) V4_PORT_EXT);
      at = writeAtom(port.node(), buffer, at + 1);
      buffer.putLong(at, port.id(), ByteOrder.BIG_ENDIAN);
      at += 8;
    } else {
      buffer.putByte(at, (byte) NEW_PORT_EXT);
      at = writeAtom(port.node(), buffer, at + 1);
      buffer.putInt(at, (int) port.id(), ByteOrder.BIG_ENDIAN);
      at += 4;
    }
    buffer.putInt(at, port.creation(), ByteOrder.BIG_ENDIAN);
    return at + 4;
  }

  private static int writeRef(Ref ref, MutableDirectBuffer buffer, int at) {
    int[] ids = ref.ids();
    buffer.putByte(at, (byte) NEWER_REFERENCE_EXT);
    buffer.putShort(at + 1, (short) ids.length, ByteOrder.BIG_ENDIAN);
    at = writeAtom(ref.node(), buffer, at + 3);
    buffer.putInt(at, ref.creation(), ByteOrder.BIG_ENDIAN);
    at += 4;
    for (int id : ids) {
      buffer.putInt(at, id, ByteOrder.BIG_ENDIAN);
      at += 4;
    }
    return at;
  }

  private int writeFun(Fun fun, MutableDirectBuffer buffer, int at, int depth) {
    int start = at;
    Term[] freeVars = fun.freeVarArray();
    buffer.putByte(at, (byte) NEW_FUN_EXT);
    // Size, patched below once known.
    buffer.putByte(at + 5, (byte) fun.arity());
    buffer.putBytes(at + 6, fun.uniqBytes());
    buffer.putInt(at + 22, fun.index(), ByteOrder.BIG_ENDIAN);
    buffer.putInt(at + 26, freeVars.length, ByteOrder.BIG_ENDIAN);
    at = writeAtom(fun.module(), buffer, at + 30);
    at = writeInt(fun.oldIndex(), buffer, at);
    at = writeInt(fun.oldUniq(), buffer, at);
    at = writePid(fun.pid(), buffer, at);
    for (Term freeVar : freeVars) {
      at = write(freeVar, buffer, at, depth + 1);
    }
    buffer.putInt(start + 1, at - start - 1, ByteOrder.BIG_ENDIAN);
    return at;
  }
}
