package dev.peerl.runtime.node;

import dev.peerl.codec.TermEncoder;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.DistMessageCodec;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.util.ByteString;

/**
 * Encodes control messages into frames in the sender's thread, as the design asks: each thread
 * keeps one growing scratch buffer, and each frame is one exact-size copy out of it, handed to the
 * stream without another copy.
 */
final class FrameEncoder {
  private static final int INITIAL_CAPACITY = 256;
  // A thread that once sent a huge message should not keep its buffer forever.
  private static final int RETAINED_CAPACITY = 1 << 20;

  private static final ThreadLocal<FrameEncoder> PER_THREAD =
      ThreadLocal.withInitial(FrameEncoder::new);

  private final TermEncoder encoder = new TermEncoder();
  private ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);

  private FrameEncoder() {}

  /** The frame content of {@code message} (no length prefix). */
  static ByteString encode(ControlMessage message, boolean exitPayload) {
    return PER_THREAD.get().encodeHere(message, exitPayload);
  }

  private ByteString encodeHere(ControlMessage message, boolean exitPayload) {
    try {
      int length = DistMessageCodec.write(message, exitPayload, encoder, buffer, 0);
      return ByteString.fromArrayUnsafe(Arrays.copyOf(buffer.byteArray(), length));
    } finally {
      if (buffer.capacity() > RETAINED_CAPACITY) {
        buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
      }
    }
  }
}
