package dev.peerl.epmd;

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
 * Cuts the bytes of a server connection into EPMD requests:
 *
 * <pre>
 * in:  | 00 01 | 6E | 00 02 ...      (any split over TCP reads)
 * out: | 6E |                          (one element per request, prefix removed)
 * </pre>
 *
 * The length is checked against {@code maxRequestSize} as soon as its two bytes are in, before the
 * body is buffered. A zero length, a length over the limit, or a connection that ends inside a
 * request fails the stage with an {@link InvalidRequestException}.
 */
final class EpmdRequestFraming extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("EpmdRequestFraming.in");
  private final Outlet<ByteString> out = Outlet.create("EpmdRequestFraming.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final int maxRequestSize;

  EpmdRequestFraming(int maxRequestSize) {
    if (maxRequestSize < 1 || maxRequestSize > 0xFFFF) {
      throw new IllegalArgumentException("maxRequestSize not in 1..65535: " + maxRequestSize);
    }
    this.maxRequestSize = maxRequestSize;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private ByteString buffer = ByteString.emptyByteString();

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                buffer = buffer.concat(grab(in));
                emitOrPull();
              }

              @Override
              public void onUpstreamFinish() {
                if (buffer.isEmpty()) {
                  completeStage();
                } else {
                  failStage(
                      new InvalidRequestException(
                          "connection closed inside a request, after " + buffer.size() + " bytes",
                          false));
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                emitOrPull();
              }
            });
      }

      private void emitOrPull() {
        if (buffer.size() >= EpmdRequests.REQUEST_LENGTH_BYTES) {
          int length = ((buffer.apply(0) & 0xFF) << 8) | (buffer.apply(1) & 0xFF);
          if (length == 0) {
            failStage(new InvalidRequestException("request of length 0", true));
            return;
          }
          if (length > maxRequestSize) {
            failStage(
                new InvalidRequestException(
                    "request of "
                        + length
                        + " bytes exceeds max-request-size ("
                        + maxRequestSize
                        + ")",
                    true));
            return;
          }
          int end = EpmdRequests.REQUEST_LENGTH_BYTES + length;
          if (buffer.size() >= end) {
            if (isAvailable(out)) {
              push(out, buffer.slice(EpmdRequests.REQUEST_LENGTH_BYTES, end).compact());
              buffer = buffer.drop(end);
            }
            return;
          }
        }
        if (!hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }
    };
  }
}
