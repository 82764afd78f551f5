package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.epmd.NodeInfo;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.connection.DistributionSettings;
import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.connection.OutboundFrames;
import dev.peerl.runtime.control.OutboundFrame;
import dev.peerl.runtime.handshake.AliveDecision;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.Handshake;
import dev.peerl.runtime.handshake.HandshakeException;
import dev.peerl.runtime.handshake.HandshakeResult;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.runtime.transport.Transport;
import dev.peerl.runtime.transport.TransportException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor per connection: it resolves the peer through EPMD (when dialling), materializes the
 * stream, marks the connection up when the handshake completes, and when the stream ends, for
 * whatever reason, runs nodedown exactly once and stops.
 *
 * <pre>
 *  senders --encode--&gt; queue --TickInjection(T/4)----&gt;+
 *                                                      | KillSwitch, DistFraming, coalescing,
 *  router &lt;--decode-- IdleDetection(T) &lt;-- frames &lt;---+ Handshake, [TLS,] Transport
 * </pre>
 *
 * The two sides are coupled: when either ends (the peer closed, malformed input, a silent peer,
 * {@link #close}), the other is ended too and the socket closes.
 */
final class ConnectionActor extends AbstractBehavior<ConnectionActor.Command> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionActor.class);
  // Messages the outbound stage may hold (behind their sender's large message, or waiting for the
  // socket) before it stops pulling from the queue. They count toward outbound-queue-size, as the
  // queue's own, and their bytes toward outbound-queue-bytes until the stage writes them: what
  // waits for a socket that does not drain is bounded by those two settings.
  private static final int OUTBOUND_HELD = 1024;
  // The stream runs on the processes' dispatcher, so that a message's hops stay on one thread.
  private static final Attributes ON_PEERL_DISPATCHER =
      ActorAttributes.dispatcher(ProcessStarter.DISPATCHER);

  sealed interface Command {}

  private record Resolved(Optional<NodeInfo> node, Throwable error) implements Command {}

  private record Established(HandshakeResult result) implements Command {}

  private record Ended(Throwable failure) implements Command {}

  private record Close(String reason) implements Command {}

  private enum GiveUp implements Command {
    INSTANCE
  }

  /** The handshake failed: the stream has failed too, and {@link Ended} tells how. */
  private enum HandshakeFailed implements Command {
    INSTANCE
  }

  private final ErlangNode node;
  private final Connection connection;
  private final TimerScheduler<Command> timers;
  private UniqueKillSwitch killSwitch;
  private BoundedSourceQueue<OutboundFrame> queue;
  private String closeReason;
  private boolean wasUp;
  private Throwable refusal;

  private ConnectionActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ErlangNode node,
      Connection connection) {
    super(context);
    this.timers = timers;
    this.node = node;
    this.connection = connection;
  }

  /** Dials {@code connection.peer()}: EPMD lookup, then TCP and the initiator's handshake. */
  static Behavior<Command> outbound(ErlangNode node, Connection connection) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  String peer = connection.peer();
                  LOG.debug("[{}] connecting: looking the node up in EPMD", peer);
                  context.pipeToSelf(node.epmd().lookup(peer), Resolved::new);
                  return new ConnectionActor(context, timers, node, connection);
                }));
  }

  /** Serves a connection {@code peer} dialled: the acceptor's handshake, then frames. */
  static Behavior<Command> inbound(
      ErlangNode node, Connection connection, Transport.Incoming incoming) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  ConnectionActor actor = new ConnectionActor(context, timers, node, connection);
                  String remote = incoming.remoteAddress().toString();
                  var handshake =
                      Handshake.acceptor(
                          node.handshakeSettings(),
                          (peerNode, flags) ->
                              CompletableFuture.completedFuture(
                                  node.registry().decideIncoming(connection, peerNode)),
                          remote,
                          handshakeHeader(node));
                  actor.started(
                      incoming
                          .flow(connection.framesIn::get)
                          .joinMat(
                              actor.flow(handshake, node.tls().map(tls -> tls.server(remote))),
                              Keep.right())
                          .withAttributes(ON_PEERL_DISPATCHER)
                          .run(node.system()));
                  return actor;
                }));
  }

  // OTP's TLS distribution frames the handshake messages with 4 bytes, as everything after them.
  private static FrameHeader handshakeHeader(ErlangNode node) {
    return node.tls().isPresent() ? FrameHeader.CONNECTED : FrameHeader.HANDSHAKE;
  }

  /** Asks the connection's actor to close it; nodedown follows if it was up. */
  static void close(Connection connection, String reason) {
    connection.actor().tell(new Close(reason));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolved.class, this::onResolved)
        .onMessage(Established.class, this::onEstablished)
        .onMessage(Ended.class, ended -> onEnded(ended.failure()))
        .onMessage(Close.class, this::onClose)
        .onMessage(GiveUp.class, giveUp -> finish(refusal))
        .onMessage(HandshakeFailed.class, failed -> this)
        .build();
  }

  private Behavior<Command> onResolved(Resolved resolved) {
    String peer = connection.peer();
    if (closeReason != null) {
      return finish(null);
    }
    if (resolved.error() != null) {
      return finish(new ConnectionException(peer, "EPMD lookup failed", resolved.error()));
    }
    if (resolved.node().isEmpty()) {
      return finish(new ConnectionException(peer, "EPMD on its host does not know the node"));
    }
    String host = peer.substring(peer.indexOf('@') + 1);
    int port = resolved.node().get().port();
    LOG.debug("[{}] connecting to {}:{}", peer, host, port);
    var handshake =
        Handshake.initiator(
            node.handshakeSettings(), peer, AliveDecision.ALWAYS_CONTINUE, handshakeHeader(node));
    started(
        flow(handshake, node.tls().map(tls -> tls.client(host, port)))
            .joinMat(node.transport().connect(host, port, connection.framesIn::get), Keep.left())
            .withAttributes(ON_PEERL_DISPATCHER)
            .run(node.system()));
    return this;
  }

  private Flow<
          ByteString,
          ByteString,
          Pair<
              Pair<CompletionStage<Done>, BoundedSourceQueue<OutboundFrame>>,
              Pair<UniqueKillSwitch, CompletionStage<HandshakeResult>>>>
      flow(
          BidiFlow<ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
              handshake,
          Optional<BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed>> tls) {
    DistributionSettings settings = node.settings().distribution();
    CompletableFuture<HandshakeResult> armed = new CompletableFuture<>();
    this.armed = armed;
    var layers =
        DistFraming.bidi(settings.maxFrameSize())
            .atop(DistFraming.coalescing(DistFraming.MAX_WRITE_BATCH))
            .atop(handshake, Keep.right());
    if (tls.isPresent()) {
      layers = layers.atop(tls.get(), Keep.left());
    }
    var stack =
        BidiFlow.fromGraph(KillSwitches.<ByteString, ByteString>singleBidi())
            .atop(layers, Keep.both());
    var app = Flow.fromSinkAndSourceCoupledMat(inbound(armed), outbound(), Keep.both());
    return app.joinMat(stack, Keep.both());
  }

  private CompletableFuture<HandshakeResult> armed;

  private Sink<ByteString, CompletionStage<Done>> inbound(CompletionStage<HandshakeResult> armed) {
    DistributionSettings settings = node.settings().distribution();
    InboundFrames frames = new InboundFrames(connection, node.router(), settings);
    return Flow.of(ByteString.class)
        .via(new IdleDetection(connection::peer, settings.netTickTime(), armed))
        .toMat(Sink.foreach(frames::onFrame), Keep.right());
  }

  private Source<ByteString, BoundedSourceQueue<OutboundFrame>> outbound() {
    DistributionSettings settings = node.settings().distribution();
    int held = heldBy(settings.outboundQueueSize());
    return Source.<OutboundFrame>queue(Math.max(1, settings.outboundQueueSize() - held))
        .via(new TickInjection(settings.netTickTime().dividedBy(4)))
        .map(
            message -> {
              if (!message.isTick()) {
                Connection.count(connection.messagesOut, 1);
              }
              return message;
            })
        .via(new OutboundFrames(settings.fragmentSize(), held, connection::written))
        .map(
            frame -> {
              Connection.count(connection.framesOut, 1);
              if (DistFraming.isTick(frame)) {
                Connection.count(connection.ticksOut, 1);
              } else {
                Connection.count(connection.bytesOut, frame.size());
              }
              return frame;
            });
  }

  /**
   * The share of {@code queueSize} the outbound stage holds; the queue gets the rest (at least one
   * each, so a queue size of 1 lets two messages wait).
   */
  static int heldBy(int queueSize) {
    return Math.max(1, Math.min(OUTBOUND_HELD, queueSize / 2));
  }

  private void started(
      Pair<
              Pair<CompletionStage<Done>, BoundedSourceQueue<OutboundFrame>>,
              Pair<UniqueKillSwitch, CompletionStage<HandshakeResult>>>
          materialized) {
    queue = materialized.first().second();
    killSwitch = materialized.second().first();
    CompletionStage<HandshakeResult> handshake = materialized.second().second();
    CompletableFuture<HandshakeResult> arm = armed;
    handshake.whenComplete(
        (result, error) -> {
          if (error == null) {
            arm.complete(result);
          } else {
            arm.completeExceptionally(error);
          }
        });
    getContext()
        .pipeToSelf(
            handshake,
            (result, error) -> error == null ? new Established(result) : HandshakeFailed.INSTANCE);
    // When the handshake fails, the coupled sides may end the inbound sink without its error;
    // the handshake's own failure is the reason then.
    getContext()
        .pipeToSelf(
            materialized.first().first(),
            (done, error) -> new Ended(error != null ? error : handshakeFailure(handshake)));
  }

  private static Throwable handshakeFailure(CompletionStage<HandshakeResult> handshake) {
    CompletableFuture<HandshakeResult> result = handshake.toCompletableFuture();
    if (!result.isCompletedExceptionally()) {
      return null;
    }
    try {
      result.join();
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    } catch (java.util.concurrent.CancellationException e) {
      return e;
    }
  }

  private Behavior<Command> onEstablished(Established established) {
    HandshakeResult result = established.result();
    if (closeReason != null) {
      return this;
    }
    connection.up(result, queue);
    wasUp = true;
    LOG.info(
        "[{}] connection up ({}, {}), flags {}",
        connection.peer(),
        connection.direction == Connection.Direction.OUTBOUND ? "we dialled" : "it dialled",
        (result.chosenFlags() & DistFlags.DFLAG_PUBLISHED) != 0 ? "visible" : "hidden",
        DistFlags.toString(result.chosenFlags()));
    Connection replaced = node.registry().up(connection);
    NodeUp up = new NodeUp(connection.peerAtom());
    if (replaced == null) {
      node.publish(up);
    } else {
      // The old connection's nodedown goes out before this nodeup.
      close(replaced, "replaced by a new connection from the same node");
      replaced.terminated.whenComplete((done, error) -> node.publish(up));
    }
    return this;
  }

  private Behavior<Command> onClose(Close close) {
    if (closeReason == null) {
      closeReason = close.reason();
      LOG.debug("[{}] closing: {}", connection.peer(), closeReason);
    }
    if (refusal != null) {
      return finish(null);
    }
    if (killSwitch == null) {
      // Still looking the node up: onResolved finishes.
      return this;
    }
    killSwitch.shutdown();
    return this;
  }

  private Behavior<Command> onEnded(Throwable failure) {
    if (!wasUp
        && closeReason == null
        && connection.direction == Connection.Direction.OUTBOUND
        && failure instanceof HandshakeException refused
        && refused.isNok()) {
      // A simultaneous connect that the peer's own attempt wins: it is on its way to our
      // acceptor, which hands what waits here over to it. Keep the place until then.
      refusal = failure;
      timers.startSingleTimer(GiveUp.INSTANCE, node.settings().distribution().netSetupTime());
      return this;
    }
    return finish(failure);
  }

  private Behavior<Command> finish(Throwable failure) {
    connection.closed(failure);
    node.registry().remove(connection);
    String peer = connection.peer();
    Atom peerAtom = connection.peerAtom();
    // Links and monitors with that node break: on nodedown, or when an attempt that carried them
    // failed and no other connection to the node is there to carry them.
    if (peerAtom != null && (wasUp || node.registry().get(peer) == null)) {
      node.nodeDown(peerAtom);
    }
    if (wasUp) {
      NodeDown down = nodeDown(failure);
      if (down.reason().equals(NodeDown.DISCONNECT)
          || down.reason().equals(NodeDown.CONNECTION_CLOSED)) {
        LOG.info("[{}] nodedown: {} ({})", peer, down.reason(), down.detail());
      } else {
        LOG.warn("[{}] nodedown: {} ({})", peer, down.reason(), down.detail());
      }
      node.publish(down);
    } else if (closeReason != null) {
      LOG.debug("[{}] connection attempt closed: {}", peer, closeReason);
    } else if (connection.direction == Connection.Direction.OUTBOUND) {
      LOG.warn("[{}] could not connect: {}", peer, describe(failure));
    } else {
      // The handshake stage has logged its own failure at WARN, a TLS failure below it too.
      LOG.debug("[{}] incoming connection ended before it came up: {}", peer, describe(failure));
    }
    connection.terminated.complete(Done.getInstance());
    return Behaviors.stopped();
  }

  private NodeDown nodeDown(Throwable failure) {
    if (closeReason != null) {
      return new NodeDown(connection.peerAtom(), NodeDown.DISCONNECT, closeReason);
    }
    if (failure == null) {
      return new NodeDown(
          connection.peerAtom(), NodeDown.CONNECTION_CLOSED, "the peer closed the connection");
    }
    if (failure instanceof ConnectionException e && e.isTickTimeout()) {
      return new NodeDown(connection.peerAtom(), NodeDown.NET_TICK_TIMEOUT, e.reason());
    }
    if (failure instanceof org.apache.pekko.stream.StreamTcpException
        || failure instanceof TransportException) {
      return new NodeDown(connection.peerAtom(), NodeDown.CONNECTION_CLOSED, describe(failure));
    }
    return new NodeDown(connection.peerAtom(), NodeDown.CONNECTION_FAILURE, describe(failure));
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "closed";
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }
}
