package dev.peerl.runtime.connection;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Turns a byte stream into the length-prefixed frames it carries, one frame per element, the prefix
 * removed. A zero-length frame comes out as an empty {@code ByteString}.
 *
 * <p>Fails with {@link FrameTooLargeException} as soon as a prefix announces more than the limit,
 * and with a {@link Framing.FramingException} if the input ends inside a frame.
 */
public final class FrameDecoder extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("FrameDecoder.in");
  private final Outlet<ByteString> out = Outlet.create("FrameDecoder.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final FrameHeader header;
  private final long maxFrameLength;

  /**
   * @throws IllegalArgumentException if the limit is negative or beyond what the prefix can express
   */
  public FrameDecoder(FrameHeader header, long maxFrameLength) {
    new FrameReader(header, maxFrameLength); // validates the limit when the blueprint is made
    this.header = header;
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private final FrameReader reader = new FrameReader(header, maxFrameLength);

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              reader.append(grab(in));
              pushFrameOrPull();
            }

            @Override
            public void onUpstreamFinish() {
              if (reader.bufferedBytes() == 0) {
                completeStage();
              } else if (isAvailable(out)) {
                pushFrameOrPull();
              }
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              pushFrameOrPull();
            }
          });
    }

    private void pushFrameOrPull() {
      if (reader.hasFrame()) {
        push(out, reader.nextFrame());
      } else if (!isClosed(in)) {
        pull(in);
      } else if (reader.bufferedBytes() == 0) {
        completeStage();
      } else {
        failStage(
            new Framing.FramingException(
                "the stream ended inside a frame, " + reader.bufferedBytes() + " bytes unread"));
      }
    }
  }
}
