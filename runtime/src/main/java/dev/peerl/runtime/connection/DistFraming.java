package dev.peerl.runtime.connection;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The framing of a connected distribution channel: every frame carries a 4-byte big-endian length
 * prefix, and a zero-length frame is a tick (erl_dist_protocol, "Protocol between Connected
 * Nodes").
 *
 * <pre>
 *   bytes:   | 00 00 00 05 | 70 83 ... (5 bytes) | 00 00 00 00 | ...
 *   frames:  [ 70 83 ... ]                        [ ] = TICK
 * </pre>
 *
 * <h2>Where the handshake's 2-byte framing lives</h2>
 *
 * The handshake messages before it use a 2-byte prefix, and the switch to 4 bytes happens exactly
 * after challenge_ack: bytes already received behind that message are 4-byte frames. Only the
 * handshake knows where that point is (an {@code alive} status, a v5 name with its complement, or a
 * refusal change the number of messages), so the {@link dev.peerl.runtime.handshake.Handshake}
 * stage reads its own 2-byte messages, with the same {@link FrameReader}, and after challenge_ack
 * hands every byte it has not consumed, then the rest of the stream, to this stage unchanged. This
 * stage therefore never changes mode and needs no signal from the one below it; the stack is
 *
 * <pre>
 *   application  &lt;-frames-&gt;  DistFraming  &lt;-bytes-&gt;  Handshake  &lt;-bytes-&gt;  Tcp
 *   DistFraming.bidi(max).atop(Handshake.initiator(...), Keep.right()).join(tcpFlow)
 * </pre>
 *
 * <p>Frames are {@code ByteString}s that may share the network buffers and may be made of several
 * pieces; {@link #TICK} (empty) is a tick both ways: the outbound side writes it as four zero
 * bytes.
 */
public final class DistFraming {
  /**
   * The most bytes {@link #coalescing} puts into one write: about what one socket write takes (the
   * TCP layer's direct buffer is 128 KiB), and one fragment of 64 KiB.
   */
  public static final long MAX_WRITE_BATCH = 64 * 1024;

  /** A tick: the empty frame. */
  public static final ByteString TICK = ByteString.emptyByteString();

  private DistFraming() {}

  /** Whether {@code frame} is a tick. */
  public static boolean isTick(ByteString frame) {
    return frame.isEmpty();
  }

  /**
   * Frames to bytes on top ({@code I1 -> O1}), bytes to frames below ({@code I2 -> O2}).
   *
   * @param maxFrameLength the largest inbound frame accepted, checked before it is buffered
   */
  public static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> bidi(
      long maxFrameLength) {
    return BidiFlow.fromFlows(encoder(), decoder(maxFrameLength));
  }

  /** Bytes to frames; fails with {@link FrameTooLargeException} on a frame over the limit. */
  public static Flow<ByteString, ByteString, NotUsed> decoder(long maxFrameLength) {
    return Flow.fromGraph(new FrameDecoder(FrameHeader.CONNECTED, maxFrameLength));
  }

  /**
   * Coalesces the bytes going down (already framed) while the socket is busy: whatever waits when
   * the TCP stage asks for more goes as one write of up to {@code maxBatch} bytes (a single larger
   * piece goes alone). A lone frame with an idle socket passes at once, so this adds no latency; it
   * saves a system call per frame under load. The bytes coming up pass unchanged.
   */
  public static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> coalescing(
      long maxBatch) {
    return BidiFlow.fromFlows(
        Flow.of(ByteString.class)
            .batchWeighted(maxBatch, bytes -> (long) bytes.size(), b -> b, ByteString::concat),
        Flow.of(ByteString.class));
  }

  /** Frames to bytes: each frame gets its 4-byte length prefix. */
  public static Flow<ByteString, ByteString, NotUsed> encoder() {
    return Flow.of(ByteString.class).map(FrameHeader.CONNECTED::prepend);
  }
}
