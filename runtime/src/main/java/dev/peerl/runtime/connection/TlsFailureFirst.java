package dev.peerl.runtime.connection;

import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Sits on top of the TLS stage so that the layer above learns why TLS failed. A failing TLS stage
 * cancels its plaintext input with no reason and fails its plaintext output with the JDK's {@code
 * SSLException}; the handshake above would see the anonymous cancellation first ("closed for
 * writing"). This stage holds that cancellation back until the way up has ended: with the TLS
 * error, which then reaches the handshake, its log and the connection's failure; or normally, when
 * it completes.
 *
 * <pre>
 *   down:  fromAbove (I1) -&gt; toTls (O1)      up:  toAbove (O2) &lt;- fromTls (I2)
 * </pre>
 */
final class TlsFailureFirst
    extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  private final Inlet<ByteString> fromAbove = Inlet.create("TlsFailureFirst.fromAbove");
  private final Outlet<ByteString> toTls = Outlet.create("TlsFailureFirst.toTls");
  private final Inlet<ByteString> fromTls = Inlet.create("TlsFailureFirst.fromTls");
  private final Outlet<ByteString> toAbove = Outlet.create("TlsFailureFirst.toAbove");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromAbove, toTls, fromTls, toAbove);

  private TlsFailureFirst() {}

  /** The stage, as a layer to put on top of TLS. */
  static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> bidi() {
    return BidiFlow.fromGraph(new TlsFailureFirst());
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(
            fromAbove,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                push(toTls, grab(fromAbove));
              }

              @Override
              public void onUpstreamFinish() {
                complete(toTls); // the way up goes on until TLS closes it
              }
            });
        setHandler(
            toTls,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(fromAbove);
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                // Held back: the way up ends next, with the reason.
              }
            });
        setHandler(
            fromTls,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                push(toAbove, grab(fromTls));
              }

              @Override
              public void onUpstreamFinish() {
                completeStage();
              }
            });
        setHandler(
            toAbove,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(fromTls);
              }
            });
      }
    };
  }
}
