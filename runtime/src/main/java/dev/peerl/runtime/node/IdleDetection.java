package dev.peerl.runtime.node;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Fails the inbound frames of a connection with a {@link ConnectionException} when no frame, not
 * even a tick, arrives for {@code tickTime} (erl's net_ticktime), checked every quarter of it: the
 * peer is declared down between T and T + T/4 of silence, as OTP does (between T - T/4 and T +
 * T/4).
 *
 * <p>A frame only sets a flag (no clock read per frame); each check counts the checks in a row that
 * found it unset, and the fourth such check fails the stage: silence of at least T and less than T
 * + T/4 since the last frame.
 *
 * <p>Pekko's {@code idleTimeout} would count from materialization; a handshake may legitimately
 * take longer than a short ticktime (net_setuptime per step), so the clock starts when {@code
 * armed} completes, that is when the handshake has.
 */
final class IdleDetection extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final String TIMER = "tick-check";
  private static final int CHECKS_PER_TICK_TIME = 4;

  private final Inlet<ByteString> in = Inlet.create("IdleDetection.in");
  private final Outlet<ByteString> out = Outlet.create("IdleDetection.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final Supplier<String> peer;
  private final Duration tickTime;
  private final CompletionStage<?> armed;

  IdleDetection(Supplier<String> peer, Duration tickTime, CompletionStage<?> armed) {
    this.peer = peer;
    this.tickTime = tickTime;
    this.armed = armed;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      // Whether a frame arrived since the last check, and how many checks in a row found none.
      private boolean heard;
      private int silentChecks;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                heard = true;
                push(out, grab(in));
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }
            });
      }

      @Override
      public void preStart() {
        var arm = createAsyncCallback((Object ignored) -> arm());
        armed.whenComplete(
            (value, error) -> {
              if (error == null) {
                arm.invoke(value);
              }
            });
      }

      private void arm() {
        heard = false;
        silentChecks = 0;
        Duration interval = tickTime.dividedBy(CHECKS_PER_TICK_TIME);
        scheduleWithFixedDelay(TIMER, interval, interval);
      }

      @Override
      public void onTimer(Object key) {
        if (heard) {
          heard = false;
          silentChecks = 0;
        } else if (++silentChecks >= CHECKS_PER_TICK_TIME) {
          failStage(
              ConnectionException.tickTimeout(
                  peer.get(),
                  "net_tick_timeout: nothing received for at least "
                      + tickTime.toMillis()
                      + " ms (net-ticktime; "
                      + silentChecks
                      + " checks in a row found no frame)"));
        }
      }
    };
  }
}
