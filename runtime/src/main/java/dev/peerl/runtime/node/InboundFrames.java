package dev.peerl.runtime.node;

import dev.peerl.codec.AtomBudget;
import dev.peerl.codec.AtomCache;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.DecodeLimits;
import dev.peerl.codec.TermDecoder;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.connection.DistributionSettings;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessageException;
import dev.peerl.runtime.control.DistFrameReader;
import dev.peerl.runtime.control.DistHeaderException;
import dev.peerl.runtime.control.ReassemblyLimitException;
import org.apache.pekko.util.ByteString;

/** Decodes and routes the frames of one connection, on its stream's thread. */
final class InboundFrames {
  private final Connection connection;
  private final InboundRouter router;
  // Binaries share the frame's array as BEAM shares refc binaries (over 64 bytes): a frame's array
  // is never written again (each read and each reassembled frame is a fresh array); smaller ones
  // are copied so that a few bytes kept do not keep a whole read alive.
  private static final DecodeLimits LIMITS =
      DecodeLimits.DEFAULT
          .withSliceBinaries(true)
          .withMinSliceSize(DecodeLimits.BEAM_HEAP_BINARY_LIMIT + 1);

  private final DistFrameReader reader;
  // The atoms this connection made the shared cache create, checked after each frame: a frame is
  // bounded (max-frame-size), and the budget stops growing past its limit.
  private final AtomBudget atoms;

  InboundFrames(Connection connection, InboundRouter router, DistributionSettings settings) {
    this.connection = connection;
    this.router = router;
    this.atoms = new AtomBudget(settings.maxAtomsPerConnection());
    AtomCache cache = AtomCache.shared().counting(atoms);
    this.reader =
        new DistFrameReader(
            new TermDecoder(
                LIMITS
                    .withMaxDepth(settings.maxTermDepth())
                    .withMaxDecodedSize(settings.maxDecodedSize()),
                cache),
            cache,
            settings.maxMessageSize(),
            settings.maxReassemblyBytes());
  }

  void onFrame(ByteString frame) {
    Connection.count(connection.framesIn, 1);
    connection.lastActivityMillis = System.currentTimeMillis();
    if (DistFraming.isTick(frame)) {
      Connection.count(connection.ticksIn, 1);
      return;
    }
    Connection.count(connection.bytesIn, frame.size());
    ControlMessage message;
    try {
      message = reader.read(frame);
    } catch (DecodeException e) {
      throw new ConnectionException(
          connection.peer(),
          "malformed term in a frame of " + frame.size() + " bytes: " + e.getMessage(),
          e);
    } catch (ControlMessageException e) {
      throw new ConnectionException(
          connection.peer(), "malformed control message: " + e.getMessage(), e);
    } catch (ReassemblyLimitException e) {
      throw new ConnectionException(
          connection.peer(),
          "unfinished fragmented messages would hold more than "
              + e.limit()
              + " bytes (peerl.distribution.max-reassembly-bytes): "
              + e.getMessage(),
          e);
    } catch (DistHeaderException e) {
      throw new ConnectionException(
          connection.peer(), "bad distribution header: " + e.getMessage(), e);
    }
    if (atoms.exceeded()) {
      throw new ConnectionException(
          connection.peer(),
          "the peer sent more than "
              + atoms.limit()
              + " distinct atoms on this connection (peerl.distribution.max-atoms-per-connection)");
    }
    if (message == null) {
      return; // a fragment; the message is not complete yet
    }
    Connection.count(connection.messagesIn, 1);
    router.route(connection, message);
  }
}
