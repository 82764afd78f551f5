package dev.peerl.runtime.control;

import static dev.peerl.runtime.control.DistHeader.*;

import dev.peerl.codec.Atom;
import dev.peerl.codec.AtomCache;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.EtfTags;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.pekko.util.ByteString;

/**
 * Reads the frames of one connection into control messages, whatever header they carry: none
 * ({@code 112}), a distribution header with atom cache references ({@code 131, 68}), or the
 * fragments of a large message ({@code 131, 69} then {@code 131, 70}); see {@link DistHeader}.
 *
 * <p>State that lives as long as the connection: the 2048 entries of the peer's atom cache, and the
 * fragmented messages under way, keyed by sequence id (several senders' sequences interleave). A
 * first fragment's header is applied to the cache when it arrives, as the peer's later headers
 * count on it, and its references are resolved then. Every fragment must follow its predecessor
 * (FragId one less); a message's fragments together may not exceed {@code maxMessageSize}, nor may
 * all unfinished messages together hold more than {@code maxReassemblyBytes}, counting the room
 * allocated ahead of the bytes received (checked before a fragment is buffered or anything is
 * allocated for it), and at most {@link #MAX_OPEN_SEQUENCES} may be under way. A fragmented message
 * is reassembled into one array, each fragment's body copied in once as it arrives, and decoded
 * from there (its binaries may share that array); what is allocated ahead of the bytes received, on
 * the strength of fragment counts, stays within {@code maxMessageSize} for the whole connection.
 * One reader per connection, used by one thread at a time.
 */
public final class DistFrameReader {
  /** Fragmented messages one connection may have under way at once. */
  public static final int MAX_OPEN_SEQUENCES = 1024;

  // The bytes of a first fragment copied to read its header, when the frame spans several reads.
  private static final int HEADER_PEEK = 4096;

  private final TermDecoder decoder;
  private final AtomCache atoms;
  // maxMessageSize, or less: a message is reassembled into one array, which cannot be longer.
  private final long messageLimit;
  // The bytes all unfinished messages of this connection may hold: without it a peer could open
  // MAX_OPEN_SEQUENCES messages of maxMessageSize each.
  private final long reassemblyLimit;
  private final Atom[] cache = new Atom[ATOM_CACHE_SIZE];
  private final Atom[] refs = new Atom[MAX_ATOM_CACHE_REFS];
  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
  private final Map<Long, Sequence> sequences = new HashMap<>();
  private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);
  private long bufferedBytes;
  // Bytes allocated for fragmented messages beyond what has arrived, on the strength of their
  // fragment counts; at most maxMessageSize for the whole connection, so that fragment counts a
  // peer only claims cannot make this reader allocate more than one message's worth ahead.
  private long reservedBytes;
  private int refCount;

  /**
   * A fragmented message under way: its resolved atoms and the bytes received so far. The first
   * fragment's body stays the slice it came in until the second arrives; then the message gets one
   * array, sized from the two (exactly, when the second is the last), into which each later
   * fragment is copied once as it arrives.
   */
  private static final class Sequence {
    final Atom[] refs;
    ByteString first;
    byte[] bytes;
    int length;
    long nextFragmentId;

    Sequence(Atom[] refs, ByteString first, long nextFragmentId) {
      this.refs = refs;
      this.first = first;
      this.length = first.size();
      this.nextFragmentId = nextFragmentId;
    }

    int capacity() {
      return bytes == null ? length : bytes.length;
    }
  }

  /**
   * A reader whose unfinished messages may hold twice {@code maxMessageSize} together.
   *
   * @param maxMessageSize the largest message, in bytes, that fragments may add up to
   */
  public DistFrameReader(TermDecoder decoder, AtomCache atoms, long maxMessageSize) {
    this(
        decoder,
        atoms,
        maxMessageSize,
        maxMessageSize > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * Math.max(1, maxMessageSize));
  }

  /**
   * @param maxMessageSize the largest message, in bytes, that fragments may add up to
   * @param maxReassemblyBytes the most bytes the fragments of all unfinished messages may add up to
   */
  public DistFrameReader(
      TermDecoder decoder, AtomCache atoms, long maxMessageSize, long maxReassemblyBytes) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    if (maxReassemblyBytes < 1) {
      throw new IllegalArgumentException(
          "maxReassemblyBytes must be positive: " + maxReassemblyBytes);
    }
    this.decoder = decoder;
    this.atoms = atoms;
    this.messageLimit = Math.min(maxMessageSize, Integer.MAX_VALUE - 8);
    this.reassemblyLimit = maxReassemblyBytes;
  }

  /**
   * The message {@code frame} (not a tick) completes, or null when it is a fragment of a message
   * that has more to come.
   */
  public ControlMessage read(ByteString frame)
      throws DecodeException, ControlMessageException, DistHeaderException {
    int length = frame.size();
    if (length < 1) {
      throw new ControlMessageException("empty distribution frame");
    }
    if (length >= 2
        && (frame.apply(0) & 0xFF) == EtfTags.VERSION
        && (frame.apply(1) & 0xFF) == DIST_FRAG_CONT) {
      // Its body is copied once into the message's array; the frame is not read in place.
      return nextFragment(frame, length);
    }
    if (length >= 2
        && (frame.apply(0) & 0xFF) == EtfTags.VERSION
        && (frame.apply(1) & 0xFF) == DIST_FRAG_HEADER) {
      return firstFragment(frame, length);
    }
    wrap(frame);
    int first = buffer.getByte(0) & 0xFF;
    if (first == DistMessageCodec.PASS_THROUGH) {
      return DistMessageCodec.read(decoder.atomCacheRefs(null), buffer, 0, length);
    }
    if (first != EtfTags.VERSION || length < 2) {
      throw new ControlMessageException(
          "frame starts with " + first + ", expected 112 ('p') or a distribution header (131)");
    }
    int kind = buffer.getByte(1) & 0xFF;
    return switch (kind) {
      case DIST_HEADER -> {
        int at = readRefs(2, length);
        yield decode(buffer, at, length - at, refs);
      }
      default -> throw new DistHeaderException("unknown distribution header 131, " + kind);
    };
  }

  private ControlMessage firstFragment(ByteString frame, int length)
      throws DecodeException, ControlMessageException, DistHeaderException {
    if (length < FRAGMENT_PREFIX_LENGTH + 1) {
      throw new DistHeaderException("a first fragment of " + length + " bytes, too short");
    }
    // Only the header is read here; the body stays the slice it came in until the next fragment.
    // The header is read from the frame's first bytes (a copy only if the frame is in pieces), and
    // the whole frame is read only when the header is longer than that.
    int peek = Math.min(length, HEADER_PEEK);
    wrap(peek == length ? frame : frame.take(peek));
    long sequenceId = buffer.getLong(sequenceIdOffset(0), ByteOrder.BIG_ENDIAN);
    long fragmentId = buffer.getLong(fragmentIdOffset(0), ByteOrder.BIG_ENDIAN);
    if (fragmentId < 1) {
      throw new DistHeaderException("fragment id " + Long.toUnsignedString(fragmentId));
    }
    if (sequences.containsKey(sequenceId)) {
      throw new DistHeaderException(
          "sequence " + Long.toUnsignedString(sequenceId) + " started again before it ended");
    }
    if (fragmentId == 1) {
      if (peek < length) {
        wrap(frame);
      }
      int at = readRefs(FRAGMENT_PREFIX_LENGTH, length);
      return decode(buffer, at, length - at, refs);
    }
    int at;
    try {
      at = readRefs(FRAGMENT_PREFIX_LENGTH, peek);
    } catch (DistHeaderException cut) {
      if (peek == length) {
        throw cut;
      }
      // A header longer than the peek: read again, whole. Entries the first try stored are
      // stored again with the same atoms.
      wrap(frame);
      at = readRefs(FRAGMENT_PREFIX_LENGTH, length);
    }
    if (sequences.size() >= MAX_OPEN_SEQUENCES) {
      throw new DistHeaderException(
          "more than " + MAX_OPEN_SEQUENCES + " fragmented messages under way at once");
    }
    ByteString part = frame.drop(at);
    reserve(part.size(), sequenceId, 0, 0);
    sequences.put(sequenceId, new Sequence(Arrays.copyOf(refs, refCount), part, fragmentId - 1));
    return null;
  }

  private ControlMessage nextFragment(ByteString frame, int length)
      throws DecodeException, ControlMessageException, DistHeaderException {
    if (length < FRAGMENT_PREFIX_LENGTH) {
      throw new DistHeaderException("a fragment of " + length + " bytes, too short");
    }
    long sequenceId = longAt(frame, sequenceIdOffset(0));
    long fragmentId = longAt(frame, fragmentIdOffset(0));
    Sequence sequence = sequences.get(sequenceId);
    if (sequence == null) {
      throw new DistHeaderException(
          "fragment "
              + Long.toUnsignedString(fragmentId)
              + " of sequence "
              + Long.toUnsignedString(sequenceId)
              + ", which was never started");
    }
    if (fragmentId != sequence.nextFragmentId) {
      throw new DistHeaderException(
          "fragment "
              + Long.toUnsignedString(fragmentId)
              + " of sequence "
              + Long.toUnsignedString(sequenceId)
              + " out of order, expected "
              + sequence.nextFragmentId);
    }
    ByteString part = frame.drop(FRAGMENT_PREFIX_LENGTH);
    reserve(part.size(), sequenceId, sequence.length, sequence.capacity() - (long) sequence.length);
    append(sequence, part, fragmentId);
    if (fragmentId > 1) {
      sequence.nextFragmentId--;
      return null;
    }
    sequences.remove(sequenceId);
    bufferedBytes -= sequence.length;
    reservedBytes -= sequence.capacity() - sequence.length;
    return decode(
        new UnsafeBuffer(sequence.bytes, 0, sequence.length), 0, sequence.length, sequence.refs);
  }

  /**
   * Copies a fragment's body behind the message's bytes. The second fragment sizes the message's
   * array: OTP cuts every fragment but the last at the same size, so the message takes at most the
   * second fragment's size for each fragment still to come (exactly the two, when the second is the
   * last). A wrong guess costs a copy into a larger array, never a wrong message.
   */
  private void append(Sequence sequence, ByteString part, long fragmentId) {
    long needed = (long) sequence.length + part.size();
    long aheadBefore = sequence.capacity() - (long) sequence.length;
    long others = reservedBytes - aheadBefore;
    if (sequence.bytes == null) {
      // fragmentId counts this fragment and those still to come; a count beyond the limit is only
      // a claim, and the product must not overflow.
      long wanted =
          fragmentId > messageLimit
              ? messageLimit
              : sequence.length + (long) part.size() * fragmentId;
      sequence.bytes = oneArray(sequence.first, allocation(needed, wanted, others));
      sequence.first = null;
    } else if (needed > sequence.bytes.length) {
      long wanted = Math.max(needed, 2L * sequence.bytes.length);
      sequence.bytes = Arrays.copyOf(sequence.bytes, allocation(needed, wanted, others));
    }
    part.copyToBuffer(ByteBuffer.wrap(sequence.bytes, sequence.length, part.size()));
    sequence.length += part.size();
    reservedBytes = others + sequence.capacity() - sequence.length;
  }

  /**
   * The size of an array for {@code needed} bytes that would like {@code wanted}: within the
   * message limit, and no more ahead of {@code needed} than the budget the other messages under way
   * ({@code others} bytes ahead) leave, nor than the reassembly budget leaves after the bytes
   * received.
   */
  private int allocation(long needed, long wanted, long others) {
    long budget = Math.max(0, Math.min(messageLimit, reassemblyLimit - bufferedBytes) - others);
    return (int) Math.max(needed, Math.min(Math.min(wanted, messageLimit), needed + budget));
  }

  /**
   * Points {@link #buffer} at the frame's bytes: without a copy when they lie in one array (a whole
   * read, or a slice of one, which {@code toArrayUnsafe} would copy), gathered into one array when
   * the frame spans several reads. The decoder may share the array with binaries: Pekko's TCP reads
   * are fresh arrays, never written again.
   */
  private void wrap(ByteString frame) {
    if (frame instanceof ByteString.ByteStrings) {
      buffer.wrap(oneArray(frame, frame.size()));
      return;
    }
    ByteBuffer bytes = frame.asByteBuffer();
    if (bytes.isDirect()) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      buffer.wrap(copy);
    } else {
      buffer.wrap(bytes, bytes.position(), bytes.remaining());
    }
  }

  /**
   * A new array of {@code size} bytes that starts with {@code bytes}, each of its bytes copied
   * once. The first piece goes in with {@code copyOfRange}, which does not zero what it fills (a
   * small saving: writing fresh memory costs about the same zeroed first or not, as
   * docs/performance.md shows); it also copies whatever lies behind that piece in its array, which
   * the next pieces overwrite (past {@code bytes} the array holds no message bytes, and nothing
   * reads there).
   */
  private byte[] oneArray(ByteString bytes, int size) {
    byte[] array = null;
    int at = 0;
    for (ByteBuffer piece : bytes.getByteBuffers()) {
      int length = piece.remaining();
      if (array == null && !piece.isDirect()) {
        scratch.wrap(piece, piece.position(), length);
        int from = scratch.wrapAdjustment();
        array = Arrays.copyOfRange(scratch.byteArray(), from, from + size);
      } else {
        if (array == null) {
          array = new byte[size];
        }
        piece.get(array, at, length);
      }
      at += length;
    }
    return array != null ? array : new byte[size];
  }

  private static long longAt(ByteString frame, int offset) {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = value << 8 | (frame.apply(offset + i) & 0xFF);
    }
    return value;
  }

  // Called before the fragment is buffered or anything is allocated for it. What it adds to the
  // bytes held is what does not fit in the room its message's array has ahead.
  private void reserve(long more, long sequenceId, long already, long ahead)
      throws DistHeaderException {
    if (already + more > messageLimit) {
      throw new DistHeaderException(
          "fragmented message (sequence "
              + Long.toUnsignedString(sequenceId)
              + ") grows past the maximum of "
              + messageLimit
              + " bytes");
    }
    long held = bufferedBytes + reservedBytes;
    if (held + Math.max(0, more - ahead) > reassemblyLimit) {
      throw new ReassemblyLimitException(sequenceId, held, more, reassemblyLimit);
    }
    bufferedBytes += more;
  }

  // Reads the atom cache part at offset into refs; the entries a previous message left beyond this
  // one's references are cleared, so that a reference past them is refused, not resolved.
  private int readRefs(int offset, int length) throws DistHeaderException {
    int at = readAtomCacheRefs(buffer, offset, length, cache, refs, atoms);
    int count = buffer.getByte(offset) & 0xFF;
    if (count < refCount) {
      Arrays.fill(refs, count, refCount, null);
    }
    refCount = count;
    return at;
  }

  private ControlMessage decode(UnsafeBuffer bytes, int offset, int length, Atom[] atomRefs)
      throws DecodeException, ControlMessageException {
    decoder.wrap(bytes, offset, length).atomCacheRefs(atomRefs);
    Term control = decoder.readTerm();
    Term payload = decoder.remaining() > 0 ? decoder.readTerm() : null;
    if (decoder.remaining() != 0) {
      throw new ControlMessageException(decoder.remaining() + " bytes after the payload");
    }
    return ControlCodec.decode(control, payload);
  }

  /** Fragmented messages under way. */
  public int openSequences() {
    return sequences.size();
  }

  /** The bytes received for fragmented messages under way. */
  public long bufferedBytes() {
    return bufferedBytes;
  }

  /**
   * The bytes allocated for fragmented messages under way beyond what has arrived (at most {@code
   * maxMessageSize}).
   */
  public long reservedBytes() {
    return reservedBytes;
  }

  /** Drops every fragmented message under way (the connection ended). */
  public void clear() {
    sequences.clear();
    bufferedBytes = 0;
    reservedBytes = 0;
  }
}
