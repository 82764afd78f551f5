package dev.peerl.runtime.connection;

import dev.peerl.codec.Atom;
import dev.peerl.codec.EtfTags;
import dev.peerl.runtime.control.DistHeader;
import dev.peerl.runtime.control.OutboundFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.agrona.ExpandableArrayBuffer;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Turns a connection's encoded messages into the frames that go on the wire, in the order they go:
 * it writes each message's distribution header against the connection's outbound atom cache (so
 * that an atom the peer has cached goes as one byte), and cuts a message larger than the fragment
 * size into fragments ({@code 131, 69} then {@code 131, 70}) that it interleaves with other
 * messages, one frame from the messages in arrival order, then one fragment of a large message
 * under way, and so on: a large message does not hold small ones behind it.
 *
 * <p>What must keep its order does: a sender's frames after its large message wait until that
 * message's last fragment is out (the sender's <em>lane</em>), and everything else goes in arrival
 * order. The header is written when a message's first frame is written, so that the headers the
 * peer reads update its cache in the order this stage updated its copy.
 *
 * <pre>
 *   in:   [A: 200 KiB] [B: small] [A: small] [C: small]          (fragment size 64 KiB)
 *   out:  A 69 4/4, B, A 70 3/4, C, A 70 2/4, A 70 1/4, A small
 * </pre>
 *
 * <p>At most {@code maxHeld} messages wait here; beyond that the stage stops pulling, so the
 * connection's queue fills up and its own limit applies. As it pushes a message's bytes on (a whole
 * message, or one fragment of it) it reports how many of the message's encoded bytes went, so that
 * the connection can count the bytes that still wait, here and in its queue.
 */
public final class OutboundFrames extends GraphStage<FlowShape<OutboundFrame, ByteString>> {
  private static final Object UNKNOWN_SENDER = new Object();

  private final Inlet<OutboundFrame> in = Inlet.create("OutboundFrames.in");
  private final Outlet<ByteString> out = Outlet.create("OutboundFrames.out");
  private final FlowShape<OutboundFrame, ByteString> shape = FlowShape.of(in, out);
  private final int fragmentSize;
  private final int maxHeld;
  private final LongConsumer written;

  /**
   * @param fragmentSize the most bytes of a message each fragment carries (besides its header)
   * @param maxHeld how many messages may wait in the stage before it stops pulling
   * @param written told, as each frame is pushed, how many bytes of its message's {@link
   *     OutboundFrame#body()} it carries (the body's size in all, over a message's fragments);
   *     called in the stream, so it must be quick
   */
  public OutboundFrames(int fragmentSize, int maxHeld, LongConsumer written) {
    if (fragmentSize < 1) {
      throw new IllegalArgumentException("fragmentSize must be positive: " + fragmentSize);
    }
    if (maxHeld < 1) {
      throw new IllegalArgumentException("maxHeld must be positive: " + maxHeld);
    }
    this.fragmentSize = fragmentSize;
    this.maxHeld = maxHeld;
    this.written = written;
  }

  @Override
  public FlowShape<OutboundFrame, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  /** One sender's large message under way, and what that sender sent after it. */
  private static final class Lane {
    final Object sender;
    final ArrayDeque<OutboundFrame> backlog = new ArrayDeque<>();
    OutboundFrame current;
    long sequenceId;
    long fragmentId;
    int offset;

    Lane(Object sender) {
      this.sender = sender;
    }
  }

  private final class Logic extends GraphStageLogic {
    private final ArrayDeque<OutboundFrame> ready = new ArrayDeque<>();
    private final Map<Object, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> rotation = new ArrayDeque<>();
    private final Atom[] cache = new Atom[DistHeader.ATOM_CACHE_SIZE];
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private long nextSequenceId = 1;
    private int held;
    private boolean laneTurn;

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              ready.addLast(grab(in));
              held++;
              if (isAvailable(out)) {
                emit();
              }
              pullIfRoom();
            }

            @Override
            public void onUpstreamFinish() {
              if (held == 0 && rotation.isEmpty()) {
                completeStage();
              }
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              emit();
              pullIfRoom();
            }
          });
    }

    @Override
    public void preStart() {
      pull(in);
    }

    private void pullIfRoom() {
      if (held < maxHeld && !hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    private void emit() {
      ByteString frame = next();
      if (frame != null) {
        push(out, frame);
      }
      if (isClosed(in) && held == 0 && rotation.isEmpty()) {
        completeStage();
      }
    }

    private ByteString next() {
      if (laneTurn && !rotation.isEmpty()) {
        laneTurn = false;
        return fromLane();
      }
      int lanesBefore = rotation.size();
      ByteString frame = fromReady();
      if (frame != null) {
        // A message that just started a lane had its turn with its first fragment.
        laneTurn = rotation.size() <= lanesBefore;
        return frame;
      }
      return rotation.isEmpty() ? null : fromLane();
    }

    private ByteString fromReady() {
      OutboundFrame frame;
      while ((frame = ready.pollFirst()) != null) {
        if (frame.isTick()) {
          held--;
          return frame.body();
        }
        Object sender = frame.sender() != null ? frame.sender() : UNKNOWN_SENDER;
        Lane lane = lanes.get(sender);
        if (lane != null) {
          lane.backlog.addLast(frame); // still held, in the lane now
          continue;
        }
        held--;
        if (!isLarge(frame)) {
          return whole(frame);
        }
        lane = new Lane(sender);
        lanes.put(sender, lane);
        start(lane, frame);
        return nextOf(lane);
      }
      return null;
    }

    private ByteString fromLane() {
      Lane lane = rotation.pollFirst();
      if (lane.current == null) {
        OutboundFrame frame = lane.backlog.pollFirst();
        held--;
        if (!isLarge(frame)) {
          ByteString bytes = whole(frame);
          requeue(lane);
          return bytes;
        }
        start(lane, frame);
      }
      return nextOf(lane);
    }

    private boolean isLarge(OutboundFrame frame) {
      return frame.atoms() != null && frame.fragmentable() && frame.body().size() > fragmentSize;
    }

    private void start(Lane lane, OutboundFrame frame) {
      lane.current = frame;
      lane.sequenceId = nextSequenceId++;
      lane.fragmentId = (frame.body().size() + (long) fragmentSize - 1) / fragmentSize;
      lane.offset = 0;
    }

    // The lane's next fragment; the lane goes back into the rotation while it has more to send.
    private ByteString nextOf(Lane lane) {
      OutboundFrame frame = lane.current;
      ByteString body = frame.body();
      int end = (int) Math.min(body.size(), (long) lane.offset + fragmentSize);
      ByteString header;
      if (lane.offset == 0) {
        scratch.putByte(0, (byte) EtfTags.VERSION);
        scratch.putByte(1, (byte) DistHeader.DIST_FRAG_HEADER);
        putIds(lane);
        header = header(frame, DistHeader.FRAGMENT_PREFIX_LENGTH);
      } else {
        scratch.putByte(0, (byte) EtfTags.VERSION);
        scratch.putByte(1, (byte) DistHeader.DIST_FRAG_CONT);
        putIds(lane);
        header =
            ByteString.fromArrayUnsafe(
                Arrays.copyOf(scratch.byteArray(), DistHeader.FRAGMENT_PREFIX_LENGTH));
      }
      ByteString fragment = header.concat(body.slice(lane.offset, end));
      written.accept(end - lane.offset);
      lane.offset = end;
      lane.fragmentId--;
      if (lane.fragmentId == 0) {
        lane.current = null;
      }
      requeue(lane);
      return fragment;
    }

    private void requeue(Lane lane) {
      if (lane.current != null || !lane.backlog.isEmpty()) {
        rotation.addLast(lane);
      } else {
        lanes.remove(lane.sender);
      }
    }

    private void putIds(Lane lane) {
      scratch.putLong(DistHeader.sequenceIdOffset(0), lane.sequenceId, ByteOrder.BIG_ENDIAN);
      scratch.putLong(DistHeader.fragmentIdOffset(0), lane.fragmentId, ByteOrder.BIG_ENDIAN);
    }

    private ByteString whole(OutboundFrame frame) {
      if (!frame.body().isEmpty()) {
        written.accept(frame.body().size());
      }
      if (frame.atoms() == null) {
        return frame.body();
      }
      scratch.putByte(0, (byte) EtfTags.VERSION);
      scratch.putByte(1, (byte) DistHeader.DIST_HEADER);
      ByteString body = frame.body();
      if (body.size() > FrameHeader.COPY_LIMIT) {
        return header(frame, 2).concat(body);
      }
      // A small message: header and body in one array (see FrameHeader.prepend).
      int end =
          DistHeader.writeAtomCacheRefs(frame.atoms(), frame.atoms().length, cache, scratch, 2);
      byte[] bytes = new byte[end + body.size()];
      scratch.getBytes(0, bytes, 0, end);
      body.copyToBuffer(ByteBuffer.wrap(bytes, end, body.size()));
      return ByteString.fromArrayUnsafe(bytes);
    }

    // Appends the atom cache part to the first `prefix` bytes of the scratch buffer.
    private ByteString header(OutboundFrame frame, int prefix) {
      int end =
          DistHeader.writeAtomCacheRefs(
              frame.atoms(), frame.atoms().length, cache, scratch, prefix);
      return ByteString.fromArrayUnsafe(Arrays.copyOf(scratch.byteArray(), end));
    }
  }
}
