package dev.peerl.codec;

import static dev.peerl.codec.EtfTags.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads terms in the External Term Format from an Agrona {@link DirectBuffer}, flyweight style:
 * {@link #wrap} a buffer range, then {@link #readVersionedTerm()} or {@link #readTerm()} as many
 * times as there are terms, and {@link #position()} tells where the next one starts.
 *
 * <p>Bad input of any kind ends in a {@link DecodeException} and nothing else: every length and
 * count is checked against the bytes that remain (with {@code long} arithmetic) and against the
 * {@link DecodeLimits} before anything is allocated, and nesting deeper than the limit is refused
 * before the stack could overflow. A decoder is for one thread at a time; make one per connection.
 *
 * <p>It also keeps an estimate of the heap the term being decoded takes, and refuses the term as
 * soon as that would pass {@link DecodeLimits#maxDecodedSize()}, before the object that would pass
 * it is allocated. The estimate is for a 64-bit JVM with compressed references: 16 bytes of array
 * header and 4 bytes a slot for each container's array, the object itself (24 to 96 bytes by kind),
 * and the bytes of binaries it copies. Terms the decoder shares cost nothing: {@code []}, the
 * integers -128..255, atoms (bounded by the {@link AtomCache}), empty tuples and binaries. A
 * compressed term also counts the inflated bytes it is read from.
 */
public final class TermDecoder {
  // An array for a container is allocated whole only up to this many slots; beyond, it grows as
  // elements actually arrive, so nested containers that each claim the whole remaining input
  // cannot make the decoder allocate more than the input justifies.
  private static final int PRESIZE_LIMIT = 1024;
  private static final int SHARED_KEYS_LIMIT = 32; // OTP's small maps: at most 32 keys, in order
  private static final int INFLATE_START_SIZE = 4096;
  private static final Term[] NO_TERMS = new Term[0];
  // The decoded size estimate, in bytes (see the class comment).
  private static final int ARRAY_HEADER = 16;
  private static final int SLOT = 4;
  private static final int SMALL_OBJECT = 24; // Int, ErlFloat, Tuple, ErlList, ErlMap, Binary, ...
  private static final int ID_OBJECT = 32; // Pid, Port
  private static final int BIG_OBJECTS = 96; // BigInt with its BigInteger
  private static final int FUN_OBJECTS = 88; // Fun with its uniq array
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final DecodeLimits limits;
  // The limits read on every container, held here to spare a load through `limits` each time.
  private final long maxDecodedSize;
  private final int maxDepth;
  private final AtomCache atoms;
  private DirectBuffer buffer;
  // The buffer's array and where the buffer starts in it, or null when it is off-heap. Every read
  // is checked against `limit` already, so reading the array directly skips the buffer's own
  // bounds check and leaves only the JVM's, which it can often remove.
  private byte[] array;
  private int arrayOffset;
  private int position;
  private int limit;
  private int depth;
  private long decodedSize;
  private Atom[] atomCacheRefs;
  private byte[] atomScratch; // atom bytes copied out of an off-heap buffer
  private Atom lastNode; // the node of the last pid, port or reference read
  private Term[] lastMapKeys; // the atom keys of the last map read, if it had <= 32 of them

  public TermDecoder() {
    this(DecodeLimits.DEFAULT, AtomCache.shared());
  }

  public TermDecoder(DecodeLimits limits) {
    this(limits, AtomCache.shared());
  }

  public TermDecoder(DecodeLimits limits, AtomCache atoms) {
    this.limits = limits;
    this.maxDecodedSize = limits.maxDecodedSize();
    this.maxDepth = limits.maxDepth();
    this.atoms = atoms;
  }

  /** Reads from {@code buffer[offset, offset + length)}. */
  public TermDecoder wrap(DirectBuffer buffer, int offset, int length) {
    Checks.range(buffer.capacity(), offset, length);
    use(buffer);
    this.position = offset;
    this.limit = offset + length;
    this.depth = 0;
    return this;
  }

  private void use(DirectBuffer buffer) {
    this.buffer = buffer;
    this.array = buffer.byteArray();
    this.arrayOffset = array == null ? 0 : buffer.wrapAdjustment();
  }

  /**
   * The atoms that {@code ATOM_CACHE_REF} indices stand for in the current distribution message, or
   * null when there is no atom cache (then such a reference is an error).
   */
  public TermDecoder atomCacheRefs(Atom[] refs) {
    this.atomCacheRefs = refs;
    return this;
  }

  /** Where the next read starts: an absolute index into the buffer. */
  public int position() {
    return position;
  }

  public int remaining() {
    return limit - position;
  }

  /** A term that starts with the version byte 131, compressed ({@code 131, 80}) or not. */
  public Term readVersionedTerm() throws DecodeException {
    decodedSize = 0;
    require(1);
    int version = byteAt(position) & 0xFF;
    if (version != VERSION) {
      throw new DecodeException(position, "expected version byte 131, found " + version);
    }
    position++;
    require(1);
    if ((byteAt(position) & 0xFF) == COMPRESSED) {
      position++;
      return readCompressed();
    }
    return readAny();
  }

  /** A term without the version byte, as inside a distribution header with an atom cache. */
  public Term readTerm() throws DecodeException {
    decodedSize = 0;
    return readAny();
  }

  private Term readAny() throws DecodeException {
    require(1);
    int start = position;
    int tag = byteAt(position++) & 0xFF;
    return switch (tag) {
      case SMALL_INTEGER_EXT -> Int.of(u8());
      case INTEGER_EXT -> readInteger(start);
      case SMALL_BIG_EXT -> readBig(u8(), start);
      case LARGE_BIG_EXT -> readBig(count(), start);
      case NEW_FLOAT_EXT -> readNewFloat(start);
      case FLOAT_EXT -> readOldFloat(start);
      case ATOM_UTF8_EXT, SMALL_ATOM_UTF8_EXT, ATOM_EXT, SMALL_ATOM_EXT, ATOM_CACHE_REF ->
          readAtomBody(tag, start);
      case SMALL_TUPLE_EXT -> readTuple(u8(), start);
      case LARGE_TUPLE_EXT -> readTuple(count(), start);
      case NIL_EXT -> ErlList.NIL;
      case STRING_EXT -> readString(start);
      case LIST_EXT -> readList(start);
      case BINARY_EXT -> readBinary(start);
      case BIT_BINARY_EXT -> readBitBinary(start);
      case MAP_EXT -> readMap(start);
      case NEW_PID_EXT -> readPid(true, start);
      case PID_EXT -> readPid(false, start);
      case NEW_PORT_EXT -> readPort(NEW_PORT_EXT, start);
      case V4_PORT_EXT -> readPort(V4_PORT_EXT, start);
      case PORT_EXT -> readPort(PORT_EXT, start);
      case NEWER_REFERENCE_EXT -> readReference(true, start);
      case NEW_REFERENCE_EXT -> readReference(false, start);
      case REFERENCE_EXT -> readOldReference(start);
      case NEW_FUN_EXT -> readFun(start);
      case EXPORT_EXT -> readExport(start);
      case LOCAL_EXT ->
          throw new DecodeException(start, "LOCAL_EXT is node-local, never on the wire");
      default -> throw new DecodeException(start, "unknown tag " + tag);
    };
  }

  private Term readCompressed() throws DecodeException {
    int start = position - 1;
    long size = u32();
    if (size > limits.maxUncompressedSize()) {
      throw new DecodeException(
          start,
          "compressed term of "
              + size
              + " bytes over the limit of "
              + limits.maxUncompressedSize());
    }
    charge(ARRAY_HEADER + size, start);
    byte[] inflated = inflate(start, (int) size);
    DirectBuffer outer = buffer;
    int outerPosition = position;
    int outerLimit = limit;
    use(new UnsafeBuffer(inflated));
    position = 0;
    limit = inflated.length;
    try {
      Term term = readAny();
      if (position != limit) {
        throw new DecodeException(
            start, "compressed term ends " + (limit - position) + " bytes early");
      }
      return term;
    } finally {
      use(outer);
      position = outerPosition;
      limit = outerLimit;
    }
  }

  // Inflates exactly `size` bytes: the declared size bounds the output, so a zip bomb cannot make
  // it allocate more than the limit allowed. The output grows as data actually inflates, so a few
  // bytes that merely declare a large size cannot make it allocate that size either.
  private byte[] inflate(int start, int size) throws DecodeException {
    byte[] input = new byte[limit - position];
    buffer.getBytes(position, input);
    byte[] output = new byte[(int) Math.min(size, INFLATE_START_SIZE + 4L * input.length)];
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(input);
      int produced = 0;
      while (produced < size && !inflater.finished()) {
        if (produced == output.length) {
          output = Arrays.copyOf(output, (int) Math.min(size, 2L * output.length));
        }
        int n = inflater.inflate(output, produced, output.length - produced);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        produced += n;
      }
      if (produced != size || !inflater.finished()) {
        throw new DecodeException(
            start, "compressed data does not inflate to the declared " + size + " bytes");
      }
      position += (int) inflater.getBytesRead();
      return output;
    } catch (DataFormatException e) {
      throw new DecodeException(start, "corrupt compressed data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private Term readInteger(int start) throws DecodeException {
    int value = s32();
    if (value < -128 || value > 255) {
      charge(SMALL_OBJECT, start);
    }
    return Int.of(value);
  }

  private Term readBig(long n, int start) throws DecodeException {
    require(1 + n);
    int sign = u8();
    if (sign > 1) {
      throw new DecodeException(start, "bignum sign byte must be 0 or 1, found " + sign);
    }
    int length = (int) n;
    if (length <= 7) {
      long magnitude = 0;
      for (int i = length - 1; i >= 0; i--) {
        magnitude = (magnitude << 8) | (byteAt(position + i) & 0xFF);
      }
      position += length;
      long value = sign == 0 ? magnitude : -magnitude;
      if (value < -128 || value > 255) {
        charge(SMALL_OBJECT, start);
      }
      return Int.of(value);
    }
    // A length of 8 may still fit a long: then it is an Int, and the estimate is on the safe side.
    charge(BIG_OBJECTS + 2L * length, start);
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[length - 1 - i] = byteAt(position + i);
    }
    position += length;
    return Int.of(new BigInteger(sign == 0 ? 1 : -1, bigEndian));
  }

  private Term readNewFloat(int start) throws DecodeException {
    require(8);
    double value = Double.longBitsToDouble(longAt(position));
    position += 8;
    return checkedFloat(value, start);
  }

  private Term readOldFloat(int start) throws DecodeException {
    require(31);
    byte[] text = new byte[31];
    buffer.getBytes(position, text);
    position += 31;
    int end = 0;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    try {
      return checkedFloat(
          Double.parseDouble(new String(text, 0, end, StandardCharsets.US_ASCII).trim()), start);
    } catch (NumberFormatException e) {
      throw new DecodeException(start, "FLOAT_EXT is not a number", e);
    }
  }

  private Term checkedFloat(double value, int start) throws DecodeException {
    if (!Double.isFinite(value)) {
      throw new DecodeException(start, "float is not finite: " + value);
    }
    charge(SMALL_OBJECT, start);
    return new ErlFloat(value);
  }

  /** An atom, wherever the format requires one (node names, modules, functions). */
  private Atom readAtom() throws DecodeException {
    require(1);
    int start = position;
    int tag = byteAt(position++) & 0xFF;
    return readAtomBody(tag, start);
  }

  private Atom readAtomBody(int tag, int start) throws DecodeException {
    return switch (tag) {
      case SMALL_ATOM_UTF8_EXT -> utf8Atom(u8(), start);
      case ATOM_UTF8_EXT -> utf8Atom(u16(), start);
      case SMALL_ATOM_EXT -> latin1Atom(u8(), start);
      case ATOM_EXT -> latin1Atom(u16(), start);
      case ATOM_CACHE_REF -> cachedAtom(u8(), start);
      default -> throw new DecodeException(start, "expected an atom, found tag " + tag);
    };
  }

  // The node of a pid, port or reference: most often the node of the one before (a peer's
  // messages carry its own pids), so the bytes are compared with that node's name before they go
  // to the cache, which would hash them first.
  private Atom readNode() throws DecodeException {
    Atom last = lastNode;
    if (last != null && skipAtom(last)) {
      return last;
    }
    Atom node = readAtom();
    lastNode = node;
    return node;
  }

  // Whether the next term is `atom`, written in full or as a reference to the same atom in the
  // distribution header's cache; if so, reads past it. False for an off-heap buffer.
  private boolean skipAtom(Atom atom) {
    byte[] bytes = array;
    int at = position;
    if (bytes == null || limit - at < 2) {
      return false;
    }
    int index = arrayOffset + at;
    int tag = bytes[index];
    int second = bytes[index + 1] & 0xFF;
    if (tag == SMALL_ATOM_UTF8_EXT) {
      if (second == atom.utf8Length()
          && second <= limit - at - 2
          && AtomCache.sameName(atom, bytes, index + 2, second)) {
        position = at + 2 + second;
        return true;
      }
    } else if (tag == ATOM_CACHE_REF) {
      Atom[] refs = atomCacheRefs;
      if (refs != null && second < refs.length && refs[second] == atom) {
        position = at + 2;
        return true;
      }
    }
    return false;
  }

  private Atom utf8Atom(int length, int start) throws DecodeException {
    require(length);
    Atom atom;
    if (array != null) {
      atom = atoms.utf8(array, arrayOffset + position, length);
    } else {
      // An off-heap buffer: one bulk copy, so that the cache still works on an array.
      byte[] scratch = atomScratch(length);
      buffer.getBytes(position, scratch, 0, length);
      atom = atoms.utf8(scratch, 0, length);
    }
    if (atom == null) {
      throw new DecodeException(start, "atom is not valid UTF-8 or longer than 255 characters");
    }
    position += length;
    return atom;
  }

  private byte[] atomScratch(int length) {
    if (atomScratch == null || atomScratch.length < length) {
      atomScratch = new byte[Math.max(length, 256)];
    }
    return atomScratch;
  }

  private Atom latin1Atom(int length, int start) throws DecodeException {
    if (length > Atom.MAX_CHARACTERS) {
      throw new DecodeException(start, "atom of " + length + " characters, at most 255");
    }
    require(length);
    Atom atom = atoms.latin1(buffer, position, length);
    position += length;
    return atom;
  }

  private Atom cachedAtom(int index, int start) throws DecodeException {
    if (atomCacheRefs == null || index >= atomCacheRefs.length || atomCacheRefs[index] == null) {
      throw new DecodeException(start, "ATOM_CACHE_REF " + index + " with no such cache entry");
    }
    return atomCacheRefs[index];
  }

  private Term readTuple(long arity, int start) throws DecodeException {
    require(arity);
    if (arity > 0) {
      charge(SMALL_OBJECT + ARRAY_HEADER + SLOT * arity, start);
    }
    enter(start);
    Term[] elements;
    // Pairs and triples, most tuples on the wire, are read into locals first: the array is then
    // allocated with its elements, and the JIT writes them without zeroing it first or the
    // garbage collector's barrier on each store, which a store after a call needs.
    if (arity == 2) {
      Term first = readElement();
      elements = new Term[] {first, readElement()};
    } else if (arity == 3) {
      Term first = readElement();
      Term second = readElement();
      elements = new Term[] {first, second, readElement()};
    } else {
      elements = readElements(arity);
    }
    depth--;
    return Tuple.ofOwned(elements);
  }

  // Reads `count` terms, each at least one byte, so count was checked against the remaining bytes.
  private Term[] readElements(long count) throws DecodeException {
    if (count <= PRESIZE_LIMIT) {
      Term[] elements = count == 0 ? NO_TERMS : new Term[(int) count];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = readElement();
      }
      return elements;
    }
    Term[] elements = new Term[PRESIZE_LIMIT];
    for (int i = 0; i < count; i++) {
      if (i == elements.length) {
        elements = Arrays.copyOf(elements, (int) Math.min(count, (long) elements.length * 2));
      }
      elements[i] = readElement();
    }
    return elements;
  }

  // An element of a container. Small integers and short atoms, most of the elements of real
  // terms, are read here without the call to readAny(), which the JIT cannot inline into itself:
  // from the array, with the one bounds check that covers the whole element. Anything else, an
  // off-heap buffer or input too short for the element takes readAny(), which reports the error.
  private Term readElement() throws DecodeException {
    byte[] bytes = array;
    int at = position;
    int available = limit - at;
    if (bytes != null && available >= 2) {
      int index = arrayOffset + at;
      int tag = bytes[index];
      int second = bytes[index + 1] & 0xFF;
      if (tag == SMALL_INTEGER_EXT) {
        position = at + 2;
        return Int.of(second);
      }
      if (tag == SMALL_ATOM_UTF8_EXT && second <= available - 2) {
        Atom atom = atoms.utf8(bytes, index + 2, second);
        if (atom != null) {
          position = at + 2 + second;
          return atom;
        }
      }
    }
    return readAny();
  }

  private Term readString(int start) throws DecodeException {
    int length = u16();
    require(length);
    if (length == 0) {
      return ErlList.NIL;
    }
    // The list keeps its bytes beside its elements, for an encoder to write them with one copy.
    charge(SMALL_OBJECT + 2 * ARRAY_HEADER + (long) (SLOT + 1) * length, start);
    byte[] bytes = new byte[length];
    buffer.getBytes(position, bytes);
    position += length;
    return ErlList.ofOwnedBytes(bytes);
  }

  private Term readList(int start) throws DecodeException {
    long length = count();
    require(length + 1);
    charge(SMALL_OBJECT + ARRAY_HEADER + SLOT * length, start);
    enter(start);
    Term[] elements = readElements(length);
    Term tail = nilNext() ? readNil() : readAny();
    depth--;
    if (tail instanceof ErlList list) {
      // [a | [b]] is the proper list [a, b]: keep one representation per term.
      if (list.isEmpty() && list.isProper()) {
        return ErlList.ofOwned(elements, null);
      }
      return ErlList.improper(Arrays.asList(elements), list);
    }
    if (elements.length == 0) {
      return tail;
    }
    return ErlList.ofOwned(elements, tail);
  }

  // The tail of almost every list: tested here rather than through readAny().
  private boolean nilNext() {
    return position < limit && byteAt(position) == NIL_EXT;
  }

  private Term readNil() {
    position++;
    return ErlList.NIL;
  }

  private Term readBinary(int start) throws DecodeException {
    long length = count();
    require(length);
    int n = (int) length;
    Binary binary;
    if (limits.sliceBinaries() && array != null && n > 0 && n >= limits.minSliceSize()) {
      charge(SMALL_OBJECT, start);
      binary = Binary.wrap(array, arrayOffset + position, n);
    } else if (n == 0) {
      binary = Binary.EMPTY;
    } else {
      charge(SMALL_OBJECT + ARRAY_HEADER + length, start);
      binary = copyBinary(n);
    }
    position += n;
    return binary;
  }

  private Binary copyBinary(int n) {
    if (array != null) {
      // copyOfRange, unlike new byte[n] and a copy into it, does not zero the array first.
      int from = arrayOffset + position;
      return Binary.wrap(Arrays.copyOfRange(array, from, from + n), 0, n);
    }
    byte[] bytes = new byte[n];
    buffer.getBytes(position, bytes);
    return Binary.wrap(bytes, 0, n);
  }

  private Term readBitBinary(int start) throws DecodeException {
    long length = count();
    require(1 + length);
    int bits = u8();
    if (length == 0 || bits < 1 || bits > 8) {
      if (length == 0 && bits == 0) {
        return Binary.EMPTY;
      }
      throw new DecodeException(start, "bit binary of " + length + " bytes with " + bits + " bits");
    }
    charge(SMALL_OBJECT + ARRAY_HEADER + length, start);
    byte[] bytes = new byte[(int) length];
    buffer.getBytes(position, bytes);
    position += bytes.length;
    return bits == 8 ? Binary.wrap(bytes, 0, bytes.length) : BitBinary.ofOwned(bytes, bits);
  }

  private Term readMap(int start) throws DecodeException {
    long arity = count();
    require(arity * 2);
    charge(SMALL_OBJECT + 2 * (ARRAY_HEADER + SLOT * arity), start);
    enter(start);
    if (arity <= PRESIZE_LIMIT) {
      return readEntries((int) arity, start);
    }
    Term[] pairs = readElements(arity * 2);
    Term[] keys = new Term[(int) arity];
    Term[] values = new Term[(int) arity];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = pairs[2 * i];
      values[i] = pairs[2 * i + 1];
    }
    depth--;
    return ownedMap(keys, values, start);
  }

  private static ErlMap ownedMap(Term[] keys, Term[] values, int start) throws DecodeException {
    return ErlMap.ofOwned(keys, values)
        .orElseThrow(() -> new DecodeException(start, "map with a repeated key"));
  }

  // The entries of a map whose arrays are allocated before they are read. A peer sends many maps
  // of the same atom keys (records as maps, structs): while the keys on the wire are those of the
  // last small map of atom keys, they are compared there, not looked up in the atom cache, and the
  // new map shares that map's key array, whose order was checked when it was read.
  private Term readEntries(int arity, int start) throws DecodeException {
    Term[] shape = lastMapKeys;
    Term[] keys = shape == null || shape.length != arity || array == null ? new Term[arity] : null;
    Term[] values = new Term[arity];
    boolean atomKeys = true;
    for (int i = 0; i < arity; i++) {
      if (keys == null) {
        if (skipAtom((Atom) shape[i])) {
          values[i] = readElement();
          continue;
        }
        keys = Arrays.copyOf(shape, arity); // those before i are read; the rest are overwritten
      }
      Term key = readElement();
      atomKeys &= key instanceof Atom;
      keys[i] = key;
      values[i] = readElement();
    }
    depth--;
    if (keys == null) {
      return ErlMap.withKeysOf(shape, values);
    }
    ErlMap map = ownedMap(keys, values, start);
    if (atomKeys && arity > 0 && arity <= SHARED_KEYS_LIMIT && map.keyArray() == keys) {
      lastMapKeys = keys;
    }
    return map;
  }

  private Pid readPid(boolean newFormat, int start) throws DecodeException {
    charge(ID_OBJECT, start);
    Atom node = readNode();
    int size = newFormat ? 12 : 9;
    require(size);
    int id = intAt(position);
    int serial = intAt(position + 4);
    int creation = newFormat ? intAt(position + 8) : byteAt(position + 8) & 0xFF;
    position += size;
    return new Pid(node, id, serial, creation);
  }

  private Port readPort(int tag, int start) throws DecodeException {
    charge(ID_OBJECT, start);
    Atom node = readNode();
    return switch (tag) {
      case NEW_PORT_EXT -> new Port(node, u32(), s32());
      case V4_PORT_EXT -> new Port(node, s64(), s32());
      default -> new Port(node, u32(), u8());
    };
  }

  private Ref readReference(boolean newer, int start) throws DecodeException {
    int words = u16();
    if (words < 1 || words > Ref.MAX_WORDS) {
      throw new DecodeException(start, "reference of " + words + " words, must be 1..5");
    }
    charge(SMALL_OBJECT + ARRAY_HEADER + SLOT * words, start);
    Atom node = readNode();
    int creation = newer ? s32() : u8();
    require(4L * words);
    int[] ids = new int[words];
    for (int i = 0; i < words; i++) {
      ids[i] = intAt(position + 4 * i);
    }
    position += 4 * words;
    return Ref.ofOwned(node, creation, ids);
  }

  private Ref readOldReference(int start) throws DecodeException {
    charge(SMALL_OBJECT + ARRAY_HEADER + SLOT, start);
    Atom node = readNode();
    int id = s32();
    int creation = u8();
    return Ref.ofOwned(node, creation, new int[] {id});
  }

  private Term readFun(int start) throws DecodeException {
    long size = u32();
    // Size counts itself and everything after the tag.
    if (size < 4 + 1 + 16 + 4 + 4 || size - 4 > remaining()) {
      throw new DecodeException(start, "fun size " + size + " does not fit the input");
    }
    int end = start + 1 + (int) size;
    charge(FUN_OBJECTS, start);
    int arity = u8();
    byte[] uniq = new byte[Fun.UNIQ_LENGTH];
    buffer.getBytes(position, uniq);
    position += uniq.length;
    int index = s32();
    long numFree = u32();
    Atom module = readAtom();
    long oldIndex = readIntField(start, "OldIndex");
    long oldUniq = readIntField(start, "OldUniq");
    Pid creator = readCreator(start);
    require(numFree);
    charge(ARRAY_HEADER + SLOT * numFree, start);
    enter(start);
    Term[] freeVars = readElements(numFree);
    depth--;
    if (position != end) {
      throw new DecodeException(start, "fun size " + size + " disagrees with its contents");
    }
    return new Fun(module, arity, uniq, index, oldIndex, oldUniq, creator, freeVars);
  }

  // The fields below are typed by the format but encoded as whole terms: each is read only when its
  // tag is of the right type. Read as any term, a fun in a fun's OldIndex (or an export in an
  // export's arity) would nest without counting toward the depth limit, and a chain of them
  // overflowed the stack (docs/reliability.md).

  private long readIntField(int start, String field) throws DecodeException {
    if (!integerTagNext()) {
      throw new DecodeException(start, "fun " + field + " is not an integer");
    }
    Term value = readAny();
    if (value instanceof Int i) {
      return i.value();
    }
    throw new DecodeException(start, "fun " + field + " is not a 64-bit integer: " + value);
  }

  private Pid readCreator(int start) throws DecodeException {
    require(1);
    int tag = byteAt(position) & 0xFF;
    if (tag != NEW_PID_EXT && tag != PID_EXT) {
      throw new DecodeException(start, "fun creator is not a pid");
    }
    position++;
    return readPid(tag == NEW_PID_EXT, start);
  }

  private Term readExport(int start) throws DecodeException {
    charge(SMALL_OBJECT, start);
    Atom module = readAtom();
    Atom function = readAtom();
    Term arity = integerTagNext() ? readAny() : null;
    if (arity instanceof Int i && i.value() >= 0 && i.value() <= 255) {
      return new ExportFun(module, function, (int) i.value());
    }
    throw new DecodeException(start, "export arity is not an integer in 0..255");
  }

  private boolean integerTagNext() throws DecodeException {
    require(1);
    int tag = byteAt(position) & 0xFF;
    return tag == SMALL_INTEGER_EXT
        || tag == INTEGER_EXT
        || tag == SMALL_BIG_EXT
        || tag == LARGE_BIG_EXT;
  }

  private void enter(int start) throws DecodeException {
    if (++depth > maxDepth) {
      throw new DecodeException(start, "nesting deeper than the limit of " + maxDepth);
    }
  }

  // Adds to the decoded size estimate before what it stands for is allocated.
  private void charge(long bytes, int start) throws DecodeException {
    decodedSize += bytes;
    if (decodedSize > maxDecodedSize) {
      throw new DecodeException(
          start,
          "term takes more than the limit of "
              + maxDecodedSize
              + " bytes once decoded (at least "
              + decodedSize
              + ")");
    }
  }

  private void require(long bytes) throws DecodeException {
    if (bytes > limit - position) {
      throw new DecodeException(
          position, "needs " + bytes + " bytes, only " + (limit - position) + " remain");
    }
  }

  private int u8() throws DecodeException {
    require(1);
    return byteAt(position++) & 0xFF;
  }

  private int u16() throws DecodeException {
    require(2);
    int value = shortAt(position) & 0xFFFF;
    position += 2;
    return value;
  }

  private int s32() throws DecodeException {
    require(4);
    int value = intAt(position);
    position += 4;
    return value;
  }

  private long u32() throws DecodeException {
    return s32() & 0xFFFFFFFFL;
  }

  /** A 32-bit count of things that follow, each at least one byte. */
  private long count() throws DecodeException {
    return u32();
  }

  private long s64() throws DecodeException {
    require(8);
    long value = longAt(position);
    position += 8;
    return value;
  }

  private byte byteAt(int index) {
    return array != null ? array[arrayOffset + index] : buffer.getByte(index);
  }

  private short shortAt(int index) {
    return array != null
        ? (short) SHORTS.get(array, arrayOffset + index)
        : buffer.getShort(index, ByteOrder.BIG_ENDIAN);
  }

  private int intAt(int index) {
    return array != null
        ? (int) INTS.get(array, arrayOffset + index)
        : buffer.getInt(index, ByteOrder.BIG_ENDIAN);
  }

  private long longAt(int index) {
    return array != null
        ? (long) LONGS.get(array, arrayOffset + index)
        : buffer.getLong(index, ByteOrder.BIG_ENDIAN);
  }
}
