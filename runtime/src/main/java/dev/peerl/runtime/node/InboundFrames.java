package dev.peerl.runtime.node;

import dev.peerl.codec.DecodeException;
import dev.peerl.codec.DecodeLimits;
import dev.peerl.codec.TermDecoder;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessageException;
import dev.peerl.runtime.control.DistMessageCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.pekko.util.ByteString;

/** Decodes and routes the frames of one connection, on its stream's thread. */
final class InboundFrames {
  private final Connection connection;
  private final InboundRouter router;
  // Binaries share the frame's array as BEAM shares refc binaries (over 64 bytes): a frame's array
  // is
  // never written again (each read and each reassembled frame is a fresh array); smaller ones are
  // copied so that a few bytes kept do not keep a whole read alive.
  private static final DecodeLimits LIMITS =
      DecodeLimits.DEFAULT
          .withSliceBinaries(true)
          .withMinSliceSize(DecodeLimits.BEAM_HEAP_BINARY_LIMIT + 1);

  private final TermDecoder decoder = new TermDecoder(LIMITS);
  private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

  InboundFrames(Connection connection, InboundRouter router) {
    this.connection = connection;
    this.router = router;
  }

  void onFrame(ByteString frame) {
    connection.framesIn.incrementAndGet();
    connection.lastActivityMillis = System.currentTimeMillis();
    if (DistFraming.isTick(frame)) {
      connection.ticksIn.incrementAndGet();
      return;
    }
    connection.bytesIn.addAndGet(frame.size());
    byte[] bytes = frame.toArrayUnsafe();
    buffer.wrap(bytes);
    ControlMessage message;
    try {
      message = DistMessageCodec.read(decoder, buffer, 0, bytes.length);
    } catch (DecodeException e) {
      throw new ConnectionException(
          connection.peer(),
          "malformed term in a frame of " + bytes.length + " bytes: " + e.getMessage(),
          e);
    } catch (ControlMessageException e) {
      throw new ConnectionException(
          connection.peer(), "malformed control message: " + e.getMessage(), e);
    }
    connection.messagesIn.incrementAndGet();
    router.route(connection, message);
  }
}
