package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.TermEncoder;
import dev.peerl.runtime.control.ControlCodec;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.DistMessageCodec;
import dev.peerl.runtime.control.MessageAtomRefs;
import dev.peerl.runtime.control.OutboundFrame;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.HandshakeResult;
import java.util.ArrayList;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.util.ByteString;

/**
 * Encodes control messages in the sender's thread, as the design asks: each thread keeps one
 * growing scratch buffer, and each message is one exact-size copy out of it, handed to the stream
 * without another copy. Binaries of {@link #SPLICE_MIN} bytes or more are not copied at all: the
 * body references their arrays. With DIST_HDR_ATOM_CACHE the message's atoms become atom cache
 * references numbered for this message alone; the stream writes the header that maps them to the
 * connection's cache ({@link dev.peerl.runtime.connection.OutboundFrames}).
 */
final class FrameEncoder {
  private static final int INITIAL_CAPACITY = 256;
  // A thread that once sent a huge message should not keep its buffer forever.
  private static final int RETAINED_CAPACITY = 1 << 20;

  private static final ThreadLocal<FrameEncoder> PER_THREAD =
      ThreadLocal.withInitial(FrameEncoder::new);

  // Binaries this large are not copied into the frame: the frame's body is a rope of the encoded
  // bytes and the binaries' own arrays (which never change), as BEAM sends refc binaries from
  // where they are. Smaller ones cost less to copy than a rope piece does.
  static final int SPLICE_MIN = 8192;

  private static final Atom[] NO_ATOMS = new Atom[0];

  private final Splices splices = new Splices();
  private final TermEncoder encoder = new TermEncoder(TermEncoder.DEFAULT_MAX_DEPTH, null, splices);
  private final MessageAtomRefs atomRefs = new MessageAtomRefs();
  private final TermEncoder cachingEncoder =
      new TermEncoder(TermEncoder.DEFAULT_MAX_DEPTH, atomRefs, splices);
  private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);

  /** The large binaries of the message being encoded, and where their bytes go. */
  private static final class Splices implements TermEncoder.BinaryRefs {
    final ArrayList<Binary> binaries = new ArrayList<>();
    int[] positions = new int[4];

    @Override
    public boolean take(Binary binary, int at) {
      if (binary.length() < SPLICE_MIN) {
        return false;
      }
      if (binaries.size() == positions.length) {
        positions = Arrays.copyOf(positions, positions.length * 2);
      }
      positions[binaries.size()] = at;
      binaries.add(binary);
      return true;
    }
  }

  private FrameEncoder() {}

  /** {@code message} encoded for a connection with the given handshake's flags. */
  static OutboundFrame encode(ControlMessage message, HandshakeResult flags) {
    return PER_THREAD.get().encodeHere(message, flags);
  }

  private OutboundFrame encodeHere(ControlMessage message, HandshakeResult flags) {
    boolean exitPayload = flags.has(DistFlags.DFLAG_EXIT_PAYLOAD);
    try {
      boolean fragments = flags.has(DistFlags.DFLAG_FRAGMENTS);
      if (flags.has(DistFlags.DFLAG_DIST_HDR_ATOM_CACHE)) {
        int length = DistMessageCodec.writeBody(message, exitPayload, cachingEncoder, buffer, 0);
        return new OutboundFrame(
            ControlCodec.sender(message), atomRefs.toArray(), copy(length), fragments);
      }
      if (fragments) {
        // FRAGMENTS alone: erl wants a distribution header on every frame all the same, with no
        // atom cache references (131, 68, 0), and kills the connection on a 112 frame.
        int length = DistMessageCodec.writeBody(message, exitPayload, encoder, buffer, 0);
        return new OutboundFrame(ControlCodec.sender(message), NO_ATOMS, copy(length), true);
      }
      int length = DistMessageCodec.write(message, exitPayload, encoder, buffer, 0);
      return new OutboundFrame(ControlCodec.sender(message), null, copy(length), false);
    } finally {
      atomRefs.clear();
      splices.binaries.clear();
      if (buffer.capacity() > RETAINED_CAPACITY) {
        buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
      }
    }
  }

  private ByteString copy(int length) {
    if (splices.binaries.isEmpty()) {
      return ByteString.fromArrayUnsafe(Arrays.copyOf(buffer.byteArray(), length));
    }
    ByteString body = ByteString.emptyByteString();
    int from = 0;
    for (int i = 0; i < splices.binaries.size(); i++) {
      int at = splices.positions[i];
      body = body.concat(piece(from, at)).concat(bytesOf(splices.binaries.get(i)));
      from = at;
    }
    return body.concat(piece(from, length));
  }

  private ByteString piece(int from, int to) {
    return ByteString.fromArrayUnsafe(Arrays.copyOfRange(buffer.byteArray(), from, to));
  }

  private static ByteString bytesOf(Binary binary) {
    DirectBuffer bytes = binary.buffer();
    return ByteString.fromArrayUnsafe(bytes.byteArray(), bytes.wrapAdjustment(), binary.length());
  }
}
