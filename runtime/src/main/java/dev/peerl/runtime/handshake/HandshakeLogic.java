package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.FrameHeader;
import dev.peerl.runtime.connection.FrameReader;
import dev.peerl.runtime.connection.FrameTooLargeException;
import dev.peerl.runtime.handshake.HandshakeException.Step;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SubscriptionWithCancelException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both sides of a handshake share: reading length-prefixed messages from the network (2 bytes
 * over TCP, 4 inside TLS), writing them, the per-step timer, waiting for a pluggable decision, and
 * the two ways out. On success it hands every unread byte up and becomes a pass-through in both
 * directions; on failure it writes what it still has to write (a refusing status), closes the
 * network side, fails the upper side and the materialized result with a {@link HandshakeException}.
 *
 * <p>{@link InitiatorHandshake} and {@link AcceptorHandshake} are the two state machines: each says
 * which message it expects next ({@link #expect}) and handles it in {@link #onMessage}.
 */
abstract class HandshakeLogic extends TimerGraphStageLogic {
  static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

  /**
   * The longest handshake message accepted. The longest legal one, a challenge with a 255-byte
   * name, has 274 bytes; the rest is room for fields a later OTP may append (ignored, as OTP
   * ignores them).
   */
  static final int MAX_MESSAGE_LENGTH = 2048;

  private static final String STEP_TIMER = "step";

  /** Continues the handshake with a decision's value. */
  @FunctionalInterface
  interface Continuation<T> {
    void accept(T value) throws HandshakeViolation;
  }

  final HandshakeSettings settings;
  private final Inlet<ByteString> fromUpper;
  private final Outlet<ByteString> toNetwork;
  private final Inlet<ByteString> fromNetwork;
  private final Outlet<ByteString> toUpper;
  private final CompletableFuture<HandshakeResult> result;
  private final FrameHeader header;
  private final FrameReader reader;
  private final AsyncCallback<Runnable> onStageThread = createAsyncCallback(Runnable::run);

  private ByteString outbound = ByteString.emptyByteString();
  private String peer;
  private Step step;
  private boolean waitingForDecision;

  /** Set once the handshake succeeded or failed: no more handshake messages are read. */
  private boolean done;

  /** Set when the handshake failed: close the network side once {@link #outbound} is written. */
  private HandshakeException failure;

  HandshakeLogic(
      BidiShape<ByteString, ByteString, ByteString, ByteString> shape,
      HandshakeSettings settings,
      String peer,
      FrameHeader header,
      CompletableFuture<HandshakeResult> result) {
    super(shape);
    this.settings = settings;
    this.header = header;
    this.reader = new FrameReader(header, MAX_MESSAGE_LENGTH);
    this.fromUpper = shape.in1();
    this.toNetwork = shape.out1();
    this.fromNetwork = shape.in2();
    this.toUpper = shape.out2();
    this.peer = peer;
    this.result = result;
    setHandler(fromNetwork, new ReadingMessages());
    setHandler(toNetwork, new WritingMessages());
    setHandler(toUpper, new UpperWaits());
    setHandler(fromUpper, new UpperWaitsToWrite());
  }

  /** Sends the first message, if any, and says what to expect. */
  abstract void start();

  /** Handles the next whole message of the current {@link #step()}. */
  abstract void onMessage(ByteString message) throws HandshakeViolation;

  @Override
  public final void preStart() {
    start();
    pull(fromNetwork);
  }

  @Override
  public final void onTimer(Object key) {
    if (failure != null) {
      failStage(failure); // the peer did not read our last words in time
    } else if (!done) {
      failHandshake(new HandshakeException(peer, step, "no answer within " + settings.setupTime()));
    }
  }

  @Override
  public final void postStop() {
    if (!result.isDone()) {
      result.completeExceptionally(
          new HandshakeException(peer, step, "the stream stopped before the handshake finished"));
    }
  }

  final Step step() {
    return step;
  }

  /** The peer said its name: from now on errors and logs name it. */
  final void peerIs(String name) {
    peer = name;
  }

  /** The next message to wait for; restarts the step's timer. */
  final void expect(Step next) {
    step = next;
    scheduleOnce(STEP_TIMER, settings.setupTime());
  }

  final void send(HandshakeMessage message) {
    LOG.debug("handshake with {}: sending {}", peer, message);
    outbound = outbound.concat(header.prepend(message.encode()));
    flushOutbound();
  }

  /**
   * Stops reading messages until {@code decision} completes, then goes on with {@code then} on the
   * stage's thread. The step's timer keeps running.
   */
  final <T> void await(CompletionStage<T> decision, Continuation<T> then) {
    waitingForDecision = true;
    decision.whenComplete((value, error) -> onStageThread.invoke(() -> resume(value, error, then)));
  }

  /** Ends the handshake: hands unread bytes up and passes everything through from now on. */
  final void succeed(long peerFlags, int peerCreation) {
    done = true;
    cancelTimer(STEP_TIMER);
    HandshakeResult established =
        new HandshakeResult(
            peer,
            DistFlags.expand(peerFlags),
            DistFlags.chosen(settings.offeredFlags(), peerFlags),
            peerCreation);
    LOG.debug("handshake with {} succeeded: {}", peer, established);
    becomePassThrough(reader.drain());
    result.complete(established);
  }

  /** Sends {@code status} to the initiator, then fails. */
  final void refuse(HandshakeStatus status, String reason) {
    send(HandshakeMessage.Status.of(status));
    failHandshake(new HandshakeException(peer, step, reason));
  }

  /** Fails the handshake after writing what is pending; closes the connection. */
  final void failHandshake(HandshakeException error) {
    if (done) {
      return;
    }
    done = true;
    failure = error;
    if (error.isNok()) {
      LOG.debug("{}", error.getMessage());
    } else {
      LOG.warn("{}", error.getMessage());
    }
    result.completeExceptionally(error);
    cancel(fromNetwork);
    cancel(fromUpper);
    fail(toUpper, error);
    scheduleOnce(STEP_TIMER, settings.setupTime()); // bounds the wait for the last write
    flushOutbound();
  }

  private void readMessages() {
    try {
      while (!done && !waitingForDecision && reader.hasFrame()) {
        onMessage(reader.nextFrame());
      }
    } catch (FrameTooLargeException e) {
      failHandshake(
          new HandshakeException(
              peer,
              step,
              "a message of "
                  + e.length()
                  + " bytes is longer than the "
                  + e.maxLength()
                  + " bytes a handshake message may have"));
    } catch (HandshakeViolation e) {
      failHandshake(new HandshakeException(peer, step, e.getMessage()));
    }
    if (!done && !waitingForDecision && !hasBeenPulled(fromNetwork)) {
      pull(fromNetwork);
    }
  }

  private <T> void resume(T value, Throwable error, Continuation<T> then) {
    if (done) {
      return; // timed out or the connection closed while deciding
    }
    waitingForDecision = false;
    if (error != null) {
      failHandshake(new HandshakeException(peer, step, "the decision failed: " + error, error));
      return;
    }
    try {
      then.accept(value);
    } catch (HandshakeViolation e) {
      failHandshake(new HandshakeException(peer, step, e.getMessage()));
    }
    readMessages();
  }

  private void flushOutbound() {
    if (!outbound.isEmpty() && isAvailable(toNetwork)) {
      push(toNetwork, outbound);
      outbound = ByteString.emptyByteString();
    }
    if (failure != null && outbound.isEmpty()) {
      complete(toNetwork);
    }
  }

  private void becomePassThrough(ByteString unread) {
    setHandler(fromNetwork, new PassInbound());
    setHandler(toUpper, new PassInboundDemand());
    setHandler(fromUpper, new PassOutbound());
    setHandler(toNetwork, new PassOutboundDemand());
    ByteString unwritten = outbound;
    outbound = ByteString.emptyByteString();

    if (!unread.isEmpty()) {
      emit(toUpper, unread);
    } else if (isAvailable(toUpper)) {
      pull(fromNetwork);
    }
    if (!unwritten.isEmpty()) {
      emit(toNetwork, unwritten);
    } else if (isAvailable(toNetwork) && !isClosed(fromUpper)) {
      pull(fromUpper);
    }
    if (isClosed(fromUpper)) {
      complete(toNetwork); // waits for the emit above, if any
    }
  }

  // ---- handlers while the handshake runs

  private final class ReadingMessages extends AbstractInHandler {
    @Override
    public void onPush() {
      reader.append(grab(fromNetwork));
      readMessages();
    }

    @Override
    public void onUpstreamFinish() {
      failHandshake(new HandshakeException(peer, step, "the peer closed the connection"));
    }

    @Override
    public void onUpstreamFailure(Throwable cause) {
      failHandshake(new HandshakeException(peer, step, "the connection failed: " + cause, cause));
    }
  }

  private final class WritingMessages extends AbstractOutHandler {
    @Override
    public void onPull() {
      flushOutbound();
    }

    @Override
    public void onDownstreamFinish(Throwable cause) {
      // A failure below (TLS refusing the peer's certificate, say) cancels with its reason.
      String why =
          cause instanceof SubscriptionWithCancelException.NonFailureCancellation
              ? ""
              : ": " + cause;
      failHandshake(
          new HandshakeException(peer, step, "the connection was closed for writing" + why, cause));
    }
  }

  /** The upper side may ask for frames early; they come after the handshake. */
  private final class UpperWaits extends AbstractOutHandler {
    @Override
    public void onPull() {}
  }

  /** The upper side's frames are not pulled before the handshake ends. */
  private final class UpperWaitsToWrite extends AbstractInHandler {
    @Override
    public void onPush() {
      throw new IllegalStateException("the upper side pushed before it was pulled");
    }

    @Override
    public void onUpstreamFinish() {
      // Nothing to write, ever: the network side is completed after the handshake.
    }
  }

  // ---- handlers after the handshake: bytes pass through unchanged, each direction on its own

  private final class PassInbound extends AbstractInHandler {
    @Override
    public void onPush() {
      push(toUpper, grab(fromNetwork));
    }

    @Override
    public void onUpstreamFinish() {
      complete(toUpper);
    }
  }

  private final class PassInboundDemand extends AbstractOutHandler {
    @Override
    public void onPull() {
      pull(fromNetwork);
    }

    @Override
    public void onDownstreamFinish(Throwable cause) {
      cancel(fromNetwork, cause);
    }
  }

  private final class PassOutbound extends AbstractInHandler {
    @Override
    public void onPush() {
      push(toNetwork, grab(fromUpper));
    }

    @Override
    public void onUpstreamFinish() {
      complete(toNetwork);
    }
  }

  private final class PassOutboundDemand extends AbstractOutHandler {
    @Override
    public void onPull() {
      pull(fromUpper);
    }

    @Override
    public void onDownstreamFinish(Throwable cause) {
      cancel(fromUpper, cause);
    }
  }
}
