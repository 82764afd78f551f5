package dev.peerl.runtime.node;

import dev.peerl.codec.TermEncoder;
import dev.peerl.runtime.control.ControlCodec;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.DistMessageCodec;
import dev.peerl.runtime.control.MessageAtomRefs;
import dev.peerl.runtime.control.OutboundFrame;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.HandshakeResult;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.util.ByteString;

/**
 * Encodes control messages in the sender's thread, as the design asks: each thread keeps one
 * growing scratch buffer, and each message is one exact-size copy out of it, handed to the stream
 * without another copy. With DIST_HDR_ATOM_CACHE the message's atoms become atom cache references
 * numbered for this message alone; the stream writes the header that maps them to the connection's
 * cache ({@link dev.peerl.runtime.connection.OutboundFrames}).
 */
final class FrameEncoder {
  private static final int INITIAL_CAPACITY = 256;
  // A thread that once sent a huge message should not keep its buffer forever.
  private static final int RETAINED_CAPACITY = 1 << 20;

  private static final ThreadLocal<FrameEncoder> PER_THREAD =
      ThreadLocal.withInitial(FrameEncoder::new);

  private final TermEncoder encoder = new TermEncoder();
  private final MessageAtomRefs atomRefs = new MessageAtomRefs();
  private final TermEncoder cachingEncoder =
      new TermEncoder(TermEncoder.DEFAULT_MAX_DEPTH, atomRefs);
  private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);

  private FrameEncoder() {}

  /** {@code message} encoded for a connection with the given handshake's flags. */
  static OutboundFrame encode(ControlMessage message, HandshakeResult flags) {
    return PER_THREAD.get().encodeHere(message, flags);
  }

  private OutboundFrame encodeHere(ControlMessage message, HandshakeResult flags) {
    boolean exitPayload = flags.has(DistFlags.DFLAG_EXIT_PAYLOAD);
    try {
      if (!flags.has(DistFlags.DFLAG_DIST_HDR_ATOM_CACHE)) {
        int length = DistMessageCodec.write(message, exitPayload, encoder, buffer, 0);
        return new OutboundFrame(ControlCodec.sender(message), null, copy(length), false);
      }
      int length = DistMessageCodec.writeBody(message, exitPayload, cachingEncoder, buffer, 0);
      return new OutboundFrame(
          ControlCodec.sender(message),
          atomRefs.toArray(),
          copy(length),
          flags.has(DistFlags.DFLAG_FRAGMENTS));
    } finally {
      atomRefs.clear();
      if (buffer.capacity() > RETAINED_CAPACITY) {
        buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
      }
    }
  }

  private ByteString copy(int length) {
    return ByteString.fromArrayUnsafe(Arrays.copyOf(buffer.byteArray(), length));
  }
}
