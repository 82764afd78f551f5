package dev.peerl.epmd;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.japi.function.Effect;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one server connection as OTP's epmd does: one request per connection,
 * answered and then closed, except ALIVE2_REQ, whose connection holds the name until it closes
 * (anything more it sends is an error). ALIVE2, DUMP, KILL and STOP are only for local peers.
 */
final class EpmdRequestHandler extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final Logger LOG = LoggerFactory.getLogger(EpmdRequestHandler.class);
  private static final String IDLE_TIMER = "idle";

  /** What a handler knows about its connection. */
  record Peer(long connectionId, String remote, boolean local, int epmdPort) {}

  private final Inlet<ByteString> in = Inlet.create("EpmdRequestHandler.in");
  private final Outlet<ByteString> out = Outlet.create("EpmdRequestHandler.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final RegistrationTable table;
  private final Peer peer;
  private final Duration idleTimeout;
  private final boolean enableKill;
  private final Runnable onKill;

  EpmdRequestHandler(
      RegistrationTable table,
      Peer peer,
      Duration idleTimeout,
      boolean enableKill,
      Runnable onKill) {
    this.table = table;
    this.peer = peer;
    this.idleTimeout = idleTimeout;
    this.enableKill = enableKill;
    this.onKill = onKill;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new TimerGraphStageLogic(shape) {
      private final Effect close = this::completeStage;
      private String registered;
      private AsyncCallback<String> release;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString request = grab(in);
                try {
                  if (registered != null) {
                    throw new InvalidRequestException(
                        "sent " + request.size() + " more bytes after registering " + registered,
                        true);
                  }
                  handle(EpmdRequestDecoder.decode(request));
                } catch (InvalidRequestException e) {
                  // Failed quietly: EmbeddedEpmd logs it once, with the peer's address.
                  failStage(e);
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {}
            });
      }

      @Override
      public void preStart() {
        release = createAsyncCallback(this::onReleased);
        scheduleOnce(IDLE_TIMER, idleTimeout);
        pull(in);
      }

      @Override
      public void onTimer(Object timerKey) {
        failStage(new InvalidRequestException("no complete request within " + idleTimeout, true));
      }

      @Override
      public void postStop() {
        if (registered != null) {
          table.unregister(registered, peer.connectionId());
          LOG.debug("released {} held by {}", registered, peer.remote());
        }
      }

      private void handle(EpmdRequest request) {
        cancelTimer(IDLE_TIMER);
        if (request instanceof EpmdRequest.Alive2 alive) {
          if (localOnly(request)) {
            register(alive.node());
          }
        } else if (request instanceof EpmdRequest.PortPlease2 portPlease) {
          emit(out, EpmdResponseEncoder.port2(table.lookup(portPlease.name())), close);
        } else if (request instanceof EpmdRequest.Names) {
          emit(out, EpmdResponseEncoder.names(peer.epmdPort(), table.live()), close);
        } else if (request instanceof EpmdRequest.Dump) {
          if (localOnly(request)) {
            emit(
                out,
                EpmdResponseEncoder.dump(peer.epmdPort(), table.live(), table.released()),
                close);
          }
        } else if (request instanceof EpmdRequest.Kill) {
          if (localOnly(request)) {
            kill();
          }
        } else if (request instanceof EpmdRequest.Stop stop) {
          if (localOnly(request)) {
            stop(stop.name());
          }
        }
      }

      private boolean localOnly(EpmdRequest request) {
        if (!peer.local()) {
          // OTP's epmd closes such a connection without an answer, and so do we.
          LOG.warn("{} from non-local {} refused", request.describe(), peer.remote());
          completeStage();
        }
        return peer.local();
      }

      private void register(NodeInfo node) {
        String name = node.name();
        OptionalLong creation =
            table.register(node, peer.connectionId(), () -> release.invoke(name));
        ByteString answer = EpmdResponseEncoder.alive2(node.highestVersion(), creation);
        if (creation.isPresent()) {
          registered = name;
          LOG.debug(
              "registered {} at port {}, creation {}, for {}",
              name,
              node.port(),
              creation.getAsLong(),
              peer.remote());
          emit(out, answer);
          pull(in);
        } else {
          LOG.debug("refused {} to {}: the name is live", name, peer.remote());
          emit(out, answer, close);
        }
      }

      private void kill() {
        if (enableKill) {
          LOG.info("KILL_REQ from {}: stopping the embedded EPMD", peer.remote());
          emit(
              out,
              EpmdResponseEncoder.KILL_ACCEPTED,
              () -> {
                completeStage();
                onKill.run();
              });
        } else {
          LOG.info("KILL_REQ from {} refused (peerl.epmd.enable-kill is off)", peer.remote());
          emit(out, EpmdResponseEncoder.KILL_REFUSED, close);
        }
      }

      private void stop(String name) {
        if (!enableKill) {
          // As OTP's epmd without -relaxed_command_check: no answer at all.
          LOG.info(
              "STOP_REQ({}) from {} refused (peerl.epmd.enable-kill is off)", name, peer.remote());
          completeStage();
          return;
        }
        Optional<Runnable> holder = table.forceUnregister(name);
        holder.ifPresent(Runnable::run);
        emit(
            out,
            holder.isPresent() ? EpmdResponseEncoder.STOPPED : EpmdResponseEncoder.NO_SUCH_NAME,
            close);
      }

      private void onReleased(String name) {
        if (name.equals(registered)) {
          LOG.info("STOP_REQ released {}: closing {}", name, peer.remote());
          registered = null;
          completeStage();
        }
      }
    };
  }
}
