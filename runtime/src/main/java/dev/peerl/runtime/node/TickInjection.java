package dev.peerl.runtime.node;

import dev.peerl.runtime.control.OutboundFrame;
import java.time.Duration;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;

/**
 * Writes a tick when a connection has written nothing for a whole {@code interval} (a quarter of
 * net_ticktime), as OTP's ticker does: a periodic timer looks at a flag that every frame sets, so
 * an idle connection ticks between one and two intervals after its last frame, well within the
 * three quarters of a ticktime after which a peer starts to count silence against it.
 *
 * <p>Pekko's {@code keepAlive} does the same with a timer cancelled and scheduled again for every
 * element: two scheduler operations per message on a busy connection, a tenth of a sender's CPU in
 * the profiles (docs/performance.md). This stage touches the scheduler once per interval.
 */
final class TickInjection extends GraphStage<FlowShape<OutboundFrame, OutboundFrame>> {
  private static final String TIMER = "tick";

  private final Inlet<OutboundFrame> in = Inlet.create("TickInjection.in");
  private final Outlet<OutboundFrame> out = Outlet.create("TickInjection.out");
  private final FlowShape<OutboundFrame, OutboundFrame> shape = FlowShape.of(in, out);
  private final Duration interval;

  TickInjection(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the tick interval must be positive: " + interval);
    }
    this.interval = interval;
  }

  @Override
  public FlowShape<OutboundFrame, OutboundFrame> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private boolean written;
      private boolean tickDue;
      // A frame that arrived while downstream was busy with a tick.
      private OutboundFrame held;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                written = true;
                OutboundFrame frame = grab(in);
                if (isAvailable(out)) {
                  push(out, frame);
                  pull(in);
                } else {
                  held = frame;
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (held == null) {
                  completeStage();
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (held != null) {
                  push(out, held);
                  held = null;
                  if (isClosed(in)) {
                    completeStage();
                    return;
                  }
                  pull(in);
                } else if (tickDue) {
                  tickDue = false;
                  push(out, OutboundFrame.TICK);
                } else if (!hasBeenPulled(in) && !isClosed(in)) {
                  pull(in);
                }
              }
            });
      }

      @Override
      public void preStart() {
        scheduleWithFixedDelay(TIMER, interval, interval);
        pull(in);
      }

      @Override
      public void onTimer(Object key) {
        if (!written && held == null) {
          if (isAvailable(out)) {
            push(out, OutboundFrame.TICK);
          } else {
            tickDue = true;
          }
        }
        written = false;
      }
    };
  }
}
