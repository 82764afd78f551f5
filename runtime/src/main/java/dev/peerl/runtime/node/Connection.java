package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.runtime.control.ControlMessage;
import dev.peerl.runtime.control.ControlMessage.Send;
import dev.peerl.runtime.control.ControlMessage.SendSender;
import dev.peerl.runtime.control.ControlMessage.Unlink;
import dev.peerl.runtime.control.ControlMessage.UnlinkId;
import dev.peerl.runtime.control.OutboundFrame;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.HandshakeResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side and the state of one connection to one node, shared by every thread that sends to
 * that node; its {@link ConnectionActor} owns the stream and the lifecycle.
 *
 * <h2>Sending</h2>
 *
 * Once the handshake is done, a send encodes the message in the caller's thread with the negotiated
 * flags (SEND_SENDER or SEND, UNLINK_ID or UNLINK) and offers the frame to the stream's bounded
 * queue without a lock; one queue per connection keeps the order of any two processes' messages.
 * Before that the flags are unknown, so sends wait unencoded in a pending list of the same bound,
 * which the connection encodes into the queue, in order, when it comes up; the volatile {@code
 * result} is written only after that flush, so a sender that sees it set finds its earlier messages
 * queued.
 *
 * <h2>When the queue is full</h2>
 *
 * The queue is bounded twice: in frames ({@code outbound-queue-size}) and in the bytes that wait
 * ({@code outbound-queue-bytes}, counted by {@link OutboundBytes} from a message's encoded size
 * until the outbound stage has written it). A message that fits neither is dropped and counted
 * ({@link ConnectionStats#dropped()}), with a WARN line at the first drop and every 1000th after
 * it: a send never blocks the caller's thread. Erlang suspends a process that sends to a busy
 * distribution channel; a thread shared by actors cannot be suspended, so a sender that wants that
 * pace asks instead: {@link #isBusy} (more than {@code outbound-busy-limit} bytes wait) and {@link
 * #whenNotBusy}, a {@code CompletionStage} to continue from.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final long DROP_LOG_EVERY = 1000;

  /** Who dialled. */
  enum Direction {
    OUTBOUND,
    INBOUND
  }

  final Direction direction;
  final CompletableFuture<Done> established = new CompletableFuture<>();
  final CompletableFuture<Done> terminated = new CompletableFuture<>();
  final AtomicLong framesIn = new AtomicLong();
  final AtomicLong messagesIn = new AtomicLong();
  final AtomicLong bytesIn = new AtomicLong();
  final AtomicLong ticksIn = new AtomicLong();
  final AtomicLong framesOut = new AtomicLong();
  final AtomicLong messagesOut = new AtomicLong();
  final AtomicLong bytesOut = new AtomicLong();
  final AtomicLong ticksOut = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong undeliverable = new AtomicLong();
  volatile long lastActivityMillis = System.currentTimeMillis();

  /**
   * Adds {@code n} to one of the counters that only the connection's stream writes ({@code
   * framesIn} to {@code ticksOut}): its stages run one at a time, each run after the last, so an
   * ordered store does what an atomic add would, without the locked instruction on a path taken
   * once or more per frame. Readers on other threads see a count a moment late, never torn.
   */
  static void count(AtomicLong counter, long n) {
    counter.lazySet(counter.get() + n);
  }

  private final int maxPending;
  private final OutboundBytes outboundBytes;
  private final ControlTrace trace;
  private volatile String peer;
  private volatile Atom peerAtom;
  private volatile HandshakeResult result;
  private volatile BoundedSourceQueue<OutboundFrame> queue;
  private volatile ActorRef<ConnectionActor.Command> actor;
  // Guarded by this.
  private ArrayDeque<ControlMessage> pending = new ArrayDeque<>();
  private Connection forwardTo;
  private boolean closed;
  // Guarded by the registry: the up connection this one replaces when its handshake succeeds
  // (the peer answered true to our status alive).
  private Connection replaces;

  Connection(
      Direction direction,
      String peer,
      int maxPending,
      OutboundBytes outboundBytes,
      ControlTrace trace) {
    this.direction = direction;
    this.maxPending = maxPending;
    this.outboundBytes = outboundBytes;
    this.trace = trace;
    if (peer != null) {
      named(peer);
    }
  }

  /** The peer's node name; for an inbound connection, its address until it has said its name. */
  String peer() {
    return peer;
  }

  Atom peerAtom() {
    return peerAtom;
  }

  void named(String peerNode) {
    this.peerAtom = Atom.of(peerNode);
    this.peer = peerNode;
  }

  /** The inbound connection's address, until send_name tells its name. */
  void provisionalName(String address) {
    this.peer = address;
  }

  void actor(ActorRef<ConnectionActor.Command> ref) {
    this.actor = ref;
  }

  ActorRef<ConnectionActor.Command> actor() {
    return actor;
  }

  boolean isUp() {
    return result != null && !isClosed();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** The handshake's result, once up. */
  HandshakeResult result() {
    return result;
  }

  /**
   * Whether {@code pid} is of another incarnation of the peer than the one this connection is up
   * to: a node restarted under its name has a new creation, and its pids carry it.
   */
  boolean ofAnotherIncarnation(Pid pid) {
    HandshakeResult up = result;
    return up != null && up.peerCreation() != 0 && up.peerCreation() != pid.creation();
  }

  Connection replaces() {
    return replaces;
  }

  void replaces(Connection old) {
    this.replaces = old;
  }

  /** Sends {@code message} to the peer, or drops it as documented above. Never blocks. */
  void send(ControlMessage message) {
    HandshakeResult up = result;
    if (up == null) {
      Connection target;
      synchronized (this) {
        target = forwardTo;
        if (target == null) {
          if (closed) {
            drop(message, "the connection is closed");
            return;
          }
          if (result == null) {
            if (pending.size() >= maxPending) {
              drop(message, "the queue of the connection being set up is full");
            } else {
              pending.addLast(message);
            }
            return;
          }
          up = result;
        }
      }
      if (target != null) {
        target.send(message);
        return;
      }
    }
    offer(up, message);
  }

  private void offer(HandshakeResult up, ControlMessage message) {
    ControlMessage wire = adapt(up, message);
    trace.sent(peer, wire);
    OutboundFrame frame = FrameEncoder.encode(wire, up);
    int size = frame.body().size();
    if (!outboundBytes.tryReserve(size)) {
      drop(message, "the outbound queue is full (outbound-queue-bytes)");
      return;
    }
    QueueOfferResult offered = queue.offer(frame);
    if (offered != QueueOfferResult.enqueued()) {
      outboundBytes.release(size);
      drop(
          message,
          offered == QueueOfferResult.dropped()
              ? "the outbound queue is full (outbound-queue-size)"
              : "the connection is closed");
    }
  }

  /** The outbound stage has handed {@code bytes} of queued messages on to the socket's side. */
  void written(long bytes) {
    outboundBytes.release(bytes);
  }

  /**
   * Whether a sender that goes at the connection's pace should wait before its next send: more than
   * {@code outbound-busy-limit} bytes wait for the socket, or the connection is still being set up
   * and messages wait for it. Never true once the connection is closed.
   */
  boolean isBusy() {
    if (result == null) {
      Connection target;
      synchronized (this) {
        target = forwardTo;
        if (target == null) {
          if (closed) {
            return false;
          }
          if (result == null) {
            return !pending.isEmpty();
          }
        }
      }
      if (target != null) {
        return target.isBusy();
      }
    }
    return outboundBytes.isBusy();
  }

  /**
   * Completes when {@link #isBusy} is false: at once if it is, else when the bytes waiting have
   * fallen to half of {@code outbound-busy-limit}, the connection has come up, or it has closed
   * (sends are dropped then, as documented). Completed on the node's dispatcher, not in the stream.
   */
  CompletionStage<Done> whenNotBusy() {
    if (result == null) {
      Connection target;
      synchronized (this) {
        target = forwardTo;
        if (target == null && !closed && result == null && !pending.isEmpty()) {
          // Sent once up (or forwarded to the winner of a simultaneous connect), or dropped.
          return established
              .handle((done, error) -> Done.getInstance())
              .thenCompose(done -> whenNotBusy());
        }
      }
      if (target != null) {
        return target.whenNotBusy();
      }
    }
    return outboundBytes.whenNotBusy();
  }

  /**
   * The form a peer takes that did not offer the flag of the newer one (PROTOCOL-NOTES section 4):
   * SEND_SENDER becomes SEND without DFLAG_SEND_SENDER, UNLINK_ID the old UNLINK without
   * DFLAG_UNLINK_ID (OTP 25 accepts both; such a peer neither sends nor expects UNLINK_ID_ACK).
   */
  private static ControlMessage adapt(HandshakeResult up, ControlMessage message) {
    if (message instanceof SendSender s && !up.has(DistFlags.DFLAG_SEND_SENDER)) {
      return new Send(s.to(), s.message());
    }
    if (message instanceof UnlinkId u && !up.has(DistFlags.DFLAG_UNLINK_ID)) {
      return new Unlink(u.from(), u.to());
    }
    return message;
  }

  private void drop(ControlMessage message, String why) {
    long count = dropped.incrementAndGet();
    if (count == 1 || count % DROP_LOG_EVERY == 0) {
      LOG.warn(
          "[{}] message dropped: {} ({} dropped on this connection so far): {}",
          peer,
          why,
          count,
          describe(message));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] message dropped: {}: {}", peer, why, describe(message));
    }
  }

  private static String describe(ControlMessage message) {
    return message.getClass().getSimpleName();
  }

  /**
   * The handshake is done: sends from now on go to {@code outbound}; the messages that waited for
   * this are queued first. Called once, by the connection's actor.
   */
  void up(HandshakeResult handshake, BoundedSourceQueue<OutboundFrame> outbound) {
    synchronized (this) {
      this.queue = outbound;
      if (forwardTo == null && !closed) {
        for (ControlMessage message : pending) {
          offer(handshake, message);
        }
      }
      pending = new ArrayDeque<>(0);
      this.result = handshake;
    }
    established.complete(Done.getInstance());
  }

  /**
   * This outbound attempt lost a simultaneous connect to the peer's own attempt, {@code winner}:
   * what waited here, and every later send through this object, goes there.
   */
  synchronized void forwardTo(Connection winner) {
    forwardTo = winner;
    for (ControlMessage message : pending) {
      winner.send(message);
    }
    pending.clear();
    winner.established.whenComplete(
        (done, error) -> {
          if (error == null) {
            established.complete(done);
          } else {
            established.completeExceptionally(error);
          }
        });
  }

  /** Stops accepting sends; the messages still waiting for a handshake are dropped. */
  void closed(Throwable cause) {
    int lost;
    boolean forwarded;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      forwarded = forwardTo != null;
      lost = pending.size();
      pending.clear();
    }
    outboundBytes.close();
    if (lost > 0) {
      dropped.addAndGet(lost);
      LOG.warn("[{}] {} messages dropped: the connection never came up", peer, lost);
    }
    if (!forwarded) {
      established.completeExceptionally(
          cause != null ? cause : new ConnectionException(peer, "closed before it came up"));
    }
  }

  ConnectionStats stats() {
    return new ConnectionStats(
        peerAtom,
        isUp(),
        framesIn.get(),
        messagesIn.get(),
        bytesIn.get(),
        ticksIn.get(),
        framesOut.get(),
        messagesOut.get(),
        bytesOut.get(),
        ticksOut.get(),
        dropped.get(),
        outboundBytes.waiting(),
        outboundBytes.peak(),
        undeliverable.get(),
        Instant.ofEpochMilli(lastActivityMillis));
  }

  @Override
  public String toString() {
    return "Connection[" + direction + " " + peer + (result != null ? " up" : "") + "]";
  }
}
