package dev.peerl.runtime.transport;

import dev.peerl.runtime.dispatch.HandOff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket as a flow of bytes: what is pushed in is written, what is read comes out.
 *
 * <p>The stream itself reads and writes the socket, non-blocking, on its own thread: a read when
 * the stage is pulled, a write when what was pushed is due. So a busy connection's bytes go from
 * the socket into the stream with no thread in between, in reads as large as what waited while the
 * stream was busy. Only when a read finds nothing (or the send buffer is full) does the stream hand
 * the wait to the connection's waiting thread, which blocks in a selector of the connection's own
 * and calls the stream back when the socket is ready. Pekko's TCP instead hands every read from its
 * selector thread to a connection actor, from there to the stream by message, and re-arms the read
 * interest after each one.
 *
 * <p>When the waiting thread calls the stream back, the stream runs on it, and so does what the
 * stream hands off in turn (the process it delivers a message to, that process's answer back to the
 * stream): {@link HandOff#runHere}, with the dispatcher's hand-off executor. Until the stream asks
 * for the next wait that thread would only be idle, and a dispatcher thread need not be woken for
 * the work. Should that turn last 20 ms (a process that blocks), a new waiting thread takes over
 * the socket, and the held one ends when its task returns.
 *
 * <p>A busy one-way stream of small messages sleeps a moment ({@code read-linger}) before each
 * read, so that tens of messages come in one read and one wake-up, with no select: {@link
 * ReadPacing}. When the layers above say (by the frames they count) that its frames are small, it
 * sleeps longer ({@code small-frames-linger}) and the socket's receive window is clamped to {@code
 * small-frames-window} bytes until the stream changes ({@link WindowClamp}), so that the peer's
 * writes wait behind a closed window and go out together. The clamp is then lifted to what it was,
 * or to what the kernel has raised it to meanwhile. The buffer itself is never changed: a smaller
 * {@code SO_RCVBUF} on a live socket made the kernel drop segments the window already allowed, and
 * stops the kernel's tuning of it. Where the clamp cannot be set (not Linux), nothing narrows.
 *
 * <p>A connection that answers what it reads (a caller's requests, the callee's answers) does not
 * go to sleep at once when it has written an answer: its waiting thread polls the socket until
 * {@code answer-poll} after the answer first, so that the next request, which likely comes within a
 * round trip, is found without waking a thread whose CPU went idle meanwhile (tens of µs of the
 * waker's CPU and of latency on some VMs; docs/performance.md). Only an answer written while that
 * thread runs the stream (its turn) is followed by a poll: one written by another thread while it
 * slept is not, since the next request wakes it anyway. A connection whose last few answers were
 * each to a request that came long after the answer before rests from polling (but for one answer
 * in {@code POLL_WHILE_RESTING_EVERY}) until a request comes soon again. A stream one way (only
 * read, or only written) does not poll, but after its first ticks.
 *
 * <p>Small writes are gathered: what is pushed goes into the connection's write buffer and is
 * written when the stream has nothing more to push at once, or when the buffer is full, so a burst
 * of frames costs one {@code write}, not one each.
 *
 * <p>The stream completes when the peer closes the socket, and fails with a {@link
 * TransportException} when the socket cannot be connected or breaks. When the stream ends, for any
 * reason, the socket is closed; what was pushed before the inlet completed is written first, also
 * when the outlet was cancelled before (a refusing handshake cancels its reading, then writes its
 * last status).
 */
final class SocketStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private static final Logger LOG = LoggerFactory.getLogger(SocketStage.class);
  private static final int READ_BUFFER = 128 * 1024;
  private static final int WRITE_BUFFER = 128 * 1024;
  // Answer polls started, and those that found the socket ready, over all connections (for tests).
  static final LongAdder POLLS = new LongAdder();
  static final LongAdder POLLS_FOUND = new LongAdder();
  // Answers not followed by a poll because their connection rests from polling (for tests).
  static final LongAdder POLLS_SKIPPED = new LongAdder();
  // Answers in a row to requests that came long after the answer before (more than twice the
  // poll), after which a connection rests from polling: its peer calls seldom, or takes longer
  // than a poll lasts, and each poll would be CPU spent for nothing (or for a message that needs
  // no answer, as the demonitor erl sends after each gen_server:call).
  static final int FAR_ANSWERS_BEFORE_REST = 4;
  // While a connection rests, every this many answers are followed by a poll all the same: where
  // a thread's wake-up takes longer than the poll, a request that a poll would catch at once is
  // read too late to end the rest by itself.
  static final int POLL_WHILE_RESTING_EVERY = 16;
  // Whether a connection failed to narrow its window yet: the first failure is a WARN.
  private static final AtomicBoolean NARROWING_FAILED = new AtomicBoolean();

  private final Inlet<ByteString> in = Inlet.create("SocketStage.in");
  private final Outlet<ByteString> out = Outlet.create("SocketStage.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final SocketChannel accepted;
  private final InetSocketAddress remote;
  private final Duration connectTimeout;
  private final Duration readLinger;
  private final Duration smallFramesLinger;
  private final int smallFramesWindow;
  private final long answerPollNanos;
  private final LongSupplier framesTaken;
  private final String label;
  private final AtomicBoolean materialized = new AtomicBoolean();

  private SocketStage(
      SocketChannel accepted,
      InetSocketAddress remote,
      Duration connectTimeout,
      SocketTransport.Pacing pacing,
      LongSupplier framesTaken) {
    this.accepted = accepted;
    this.remote = remote;
    this.connectTimeout = connectTimeout;
    this.readLinger = pacing.readLinger();
    this.smallFramesLinger =
        pacing.smallFramesWindow() > 0 ? pacing.smallFramesLinger() : Duration.ZERO;
    this.smallFramesWindow = pacing.smallFramesWindow();
    this.answerPollNanos = pacing.answerPoll().toNanos();
    this.framesTaken = framesTaken;
    this.label = remote.getHostString() + ":" + remote.getPort();
  }

  /**
   * A socket a listener accepted; {@code pacing} and {@code framesTaken} (the frames the layers
   * above took out of its bytes so far) as in {@link ReadPacing}.
   */
  static SocketStage accepted(
      SocketChannel channel,
      InetSocketAddress remote,
      SocketTransport.Pacing pacing,
      LongSupplier framesTaken) {
    return new SocketStage(channel, remote, Duration.ZERO, pacing, framesTaken);
  }

  /**
   * A socket dialled to {@code host:port} when the stage starts (the name resolved then, on the
   * connection's thread), within {@code connectTimeout}.
   */
  static SocketStage dialling(
      String host,
      int port,
      Duration connectTimeout,
      SocketTransport.Pacing pacing,
      LongSupplier framesTaken) {
    return new SocketStage(
        null, InetSocketAddress.createUnresolved(host, port), connectTimeout, pacing, framesTaken);
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    if (accepted != null && !materialized.compareAndSet(false, true)) {
      throw new IllegalStateException("an accepted socket's flow can be materialized only once");
    }
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    // Set by the stream, cleared by the waiting thread when it calls the stream back.
    private volatile boolean waitsToRead;
    private volatile boolean waitsToWrite;
    // Whether the waiting thread is in (or about to enter) select: a wait asked for then needs a
    // selector wake-up; otherwise unparking the thread is enough.
    private volatile boolean selecting;
    private volatile boolean closed;
    // Set when bytes written after bytes were read are out (answerPollNanos > 0): a connection
    // that answers what it reads, whose next request is likely to come soon; not while it rests
    // from polling (answered()). Cleared by the waiting thread when it comes to the poll, whether
    // it polls or comes too late to, and by the next read (so that an answer written while the
    // waiting thread slept does not make it poll before the next answer).
    private volatile boolean answered;
    // When the last answer was written whole (System.nanoTime; the stream's, published to the
    // waiting thread by answered). The stream's own: whether there was an answer before, whether
    // the bytes being written are one, when the last bytes were read, how many answers in a row
    // were to requests read more than twice the poll after the answer before, and how many answers
    // came while resting.
    private volatile long answeredAt;
    private boolean answeredBefore;
    private boolean answerWriting;
    private long lastReadAt;
    private int farAnswers;
    private int restingAnswers;
    // Whether bytes were read since the last write (the stream's own).
    private boolean readSinceWrite;
    // Set with waitsToRead: how long the waiting thread lets bytes gather before it calls the
    // stream back to read, without a select (ReadPacing); 0: a wait for the socket.
    private volatile long lingerNanos;
    private final ReadPacing pacing = new ReadPacing(readLinger, smallFramesLinger);
    // While the pacing narrows the stream: the window clamp to put back after (-1: not narrowed
    // now).
    private int wideWindow = -1;
    // The socket's window clamp, found when the stream is first narrowed.
    private WindowClamp clamp;
    // Whether the read asked for now comes after a linger: it reads, whatever the pacing says.
    private boolean lingered;
    private final AsyncCallback<Object> readable = createAsyncCallback(ignored -> onReadable());
    private final AsyncCallback<Object> writable = createAsyncCallback(ignored -> flush());
    private final AsyncCallback<Object> due = createAsyncCallback(ignored -> onDue());
    private final AsyncCallback<Throwable> connected = createAsyncCallback(this::onConnected);
    private SocketChannel channel;
    private Selector selector;
    // The thread that waits for the socket: replaced when it is stuck running a task it woke.
    private volatile Thread waiter;
    // While the waiting thread runs what it woke: the number of that turn; 0 when it does not;
    // -1 once it has been replaced. Written by the waiting thread and (CAS) by the replacing one.
    private final AtomicLong turn = new AtomicLong();
    private long turns;
    private boolean open;
    private boolean finishing;
    private boolean flushIsDue;
    private ByteString unwritten;
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              read();
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              if (isClosed(in)) {
                completeStage();
              }
            }
          });
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              ByteString bytes = grab(in);
              unwritten = unwritten == null ? bytes : unwritten.concat(bytes);
              if (writeBuffer.position() + unwritten.size() >= WRITE_BUFFER) {
                flush();
              } else {
                if (!flushIsDue) {
                  flushIsDue = true;
                  due.invoke(null);
                }
                pull(in);
              }
            }

            @Override
            public void onUpstreamFinish() {
              finishing = true;
              if (!open || (unwritten == null && writeBuffer.position() == 0)) {
                completeStage();
              } else {
                flush();
              }
            }
          });
    }

    @Override
    public void preStart() {
      channel = accepted;
      try {
        selector = Selector.open();
        if (channel == null) {
          channel = SocketChannel.open();
        }
      } catch (IOException e) {
        failStage(new TransportException("cannot open a socket for " + label, e));
        return;
      }
      waiter = new Thread(this::waitForTheSocket, "peerl-socket-" + label);
      waiter.setDaemon(true);
      waiter.start();
    }

    @Override
    public void postStop() {
      closed = true;
      long held = turn.get();
      if (held > 0 && turn.compareAndSet(held, -1)) {
        // The waiting thread is running a task it woke, which may never return: close the selector
        // here; that thread ends when its task returns, as if replaced.
        closeSelector();
      } else if (waiter != null) {
        LockSupport.unpark(waiter);
        selector.wakeup(); // the waiting thread closes it
      } else if (selector != null) {
        closeSelector();
      }
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.debug("closing the socket of {} failed: {}", label, e.toString());
        }
      }
    }

    private void onConnected(Throwable failure) {
      if (failure != null) {
        failStage(failure);
        return;
      }
      open = true;
      readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
      writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
      if (isAvailable(out)) {
        read();
      }
      if (!isClosed(in)) {
        pull(in);
      }
    }

    private void onReadable() {
      if (isAvailable(out)) {
        read();
      }
    }

    private void onDue() {
      flushIsDue = false;
      flush();
    }

    private void read() {
      if (!open) {
        return; // onConnected reads
      }
      if (!lingered && !waitsToRead) {
        long linger = pacing.lingerNanos();
        if (linger > 0) {
          // A busy one-way stream: let more bytes gather before this read; the waiting thread
          // calls back when the time is up, whether or not any came.
          lingered = true;
          pacing.lingered();
          lingerNanos = linger;
          waitsToRead = true;
          wakeWaiter();
          return;
        }
      }
      lingered = false;
      int read;
      try {
        read = channel.read(readBuffer);
      } catch (IOException e) {
        failStage(new TransportException("reading from " + label + " failed", e));
        return;
      }
      if (read > 0) {
        readSinceWrite = true;
        if (answered) {
          answered = false;
        }
        long now = pacing.enabled() || answerPollNanos > 0 ? System.nanoTime() : 0;
        lastReadAt = now;
        if (pacing.enabled()) {
          pacing.read(now, read, framesTaken.getAsLong());
          if (pacing.narrowed() != (wideWindow >= 0)) {
            narrow(pacing.narrowed());
          }
        }
        readBuffer.flip();
        push(out, ByteString.fromByteBuffer(readBuffer));
        readBuffer.clear();
      } else if (read < 0) {
        completeStage();
      } else if (!waitsToRead) {
        // (Already set: the waiting thread has not answered the last request yet, and will.)
        lingerNanos = 0;
        waitsToRead = true;
        wakeWaiter();
      }
    }

    // An answer was written whole (bytes after bytes read): arms the waiting thread's poll, unless
    // the last FAR_ANSWERS_BEFORE_REST answers were each to a request read long after the answer
    // before, which a poll would have missed. The read's time includes the waiting thread's
    // wake-up when it slept, hence twice the poll: a request that came within it ends the rest.
    private void answered() {
      long now = System.nanoTime();
      if (answeredBefore && lastReadAt - answeredAt <= 2 * answerPollNanos) {
        farAnswers = 0;
        restingAnswers = 0;
      } else if (answeredBefore && farAnswers < FAR_ANSWERS_BEFORE_REST) {
        farAnswers++;
      }
      answeredBefore = true;
      answeredAt = now;
      if (farAnswers < FAR_ANSWERS_BEFORE_REST
          || ++restingAnswers % POLL_WHILE_RESTING_EVERY == 0) {
        answered = true;
      } else {
        POLLS_SKIPPED.increment();
      }
    }

    // Clamps the socket's receive window while the stream is narrowed (ReadPacing), and lifts the
    // clamp after. A socket whose window cannot be clamped is left as it is, and narrowing is not
    // tried again.
    private void narrow(boolean narrowed) {
      try {
        if (clamp == null) {
          clamp = WindowClamp.of(channel).orElse(null);
          if (clamp == null) {
            throw new IOException(
                "TCP_WINDOW_CLAMP cannot be set here (Linux only), or the socket was not found");
          }
        }
        if (narrowed) {
          int wide = clamp.get();
          int narrow = Math.min(smallFramesWindow, wide);
          clamp.set(narrow);
          wideWindow = wide;
          LOG.debug(
              "{}: a one-way stream of small frames; receive window clamped to {} bytes (was {})",
              label,
              narrow,
              wide);
        } else {
          int wide = wideWindow;
          wideWindow = -1;
          try {
            // The kernel raises the clamp as it grows the buffer: keep the larger.
            wide = Math.max(wide, clamp.get());
          } catch (IOException e) {
            LOG.debug("{}: the window clamp cannot be read: {}", label, e.toString());
          }
          clamp.set(wide);
          LOG.debug(
              "{}: no longer a one-way stream of small frames; window clamp {} bytes", label, wide);
        }
      } catch (IOException | RuntimeException e) {
        // (A failed lift leaves the window clamped: nothing is lost, large messages come slower.)
        pacing.neverNarrow();
        wideWindow = -1;
        if (!WindowClamp.available()) {
          LOG.debug("{}: no window clamp on this platform, so its reads are not narrowed", label);
        } else if (NARROWING_FAILED.compareAndSet(false, true)) {
          LOG.warn(
              "the receive window of {} cannot be narrowed, so its reads are not (other"
                  + " connections' failures are logged at DEBUG): {}",
              label,
              e.toString());
        } else {
          LOG.debug("the receive window of {} cannot be narrowed: {}", label, e.toString());
        }
      }
    }

    // Writes until everything pushed is in the socket or the socket takes no more; then pulls,
    // or has the waiting thread say when the socket drained.
    private void flush() {
      try {
        while (true) {
          if (unwritten != null && writeBuffer.hasRemaining()) {
            int copied = unwritten.copyToBuffer(writeBuffer);
            unwritten = copied == unwritten.size() ? null : unwritten.drop(copied);
          }
          if (writeBuffer.position() == 0) {
            if (answerWriting) {
              answerWriting = false;
              answered();
            }
            break;
          }
          writeBuffer.flip();
          int written = channel.write(writeBuffer);
          writeBuffer.compact();
          if (written > 0) {
            pacing.wrote();
            if (readSinceWrite) {
              readSinceWrite = false;
              answerWriting = answerPollNanos > 0;
            }
          }
          if (written == 0) {
            if (!waitsToWrite) {
              waitsToWrite = true;
              wakeWaiter();
            }
            return;
          }
        }
      } catch (IOException e) {
        failStage(new TransportException("writing to " + label + " failed", e));
        return;
      }
      if (finishing) {
        completeStage();
      } else if (!hasBeenPulled(in) && !isClosed(in)) {
        pull(in);
      }
    }

    private void wakeWaiter() {
      Thread current = waiter;
      if (current == Thread.currentThread()) {
        return; // the stream runs on the waiting thread, which looks at the flags next
      }
      LockSupport.unpark(current);
      if (selecting) {
        selector.wakeup();
      }
    }

    // ---- the waiting thread ----

    private void waitForTheSocket() {
      try {
        if (accepted == null) {
          InetSocketAddress resolved =
              new InetSocketAddress(remote.getHostString(), remote.getPort());
          if (resolved.isUnresolved()) {
            throw new UnknownHostException(remote.getHostString());
          }
          channel.socket().connect(resolved, Math.toIntExact(connectTimeout.toMillis()));
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.register(selector, 0);
        connected.invoke(null);
      } catch (IOException | CancelledKeyException | ClosedSelectorException e) {
        if (!closed) {
          connected.invoke(new TransportException("could not connect to " + label, e));
        }
        closeSelector();
        return;
      }
      keepWaiting();
    }

    // The waiting thread's loop, until the stream stops or another thread takes its place.
    private void keepWaiting() {
      boolean replaced = false;
      try {
        replaced = waitLoop(channel.keyFor(selector));
      } catch (IOException | CancelledKeyException | ClosedSelectorException e) {
        // The last two: the stream closed the socket (and so its key) under a wait.
        if (!closed) {
          LOG.debug("the socket of {} cannot be waited for: {}", label, e.toString());
          connected.invoke(new TransportException("the socket of " + label + " failed", e));
        }
      } finally {
        if (!replaced) {
          closeSelector(); // (else another thread waits now, or postStop closed it)
        }
      }
    }

    // Another thread waits for the socket from now on: this one has run what it woke for long (a
    // process that blocks, say) and will stop when that returns. The new thread takes over only if
    // the turn is still on when it starts; nothing changes if it cannot be started.
    private void replaceWaiter(long stuckTurn) {
      if (closed || turn.get() != stuckTurn) {
        return;
      }
      Thread held = waiter;
      Thread next =
          new Thread(
              () -> {
                if (!closed && turn.compareAndSet(stuckTurn, -1)) {
                  waiter = Thread.currentThread();
                  LOG.debug(
                      "the thread waiting for the socket of {} is held by a task it woke ({});"
                          + " another one takes its place",
                      label,
                      held.getName());
                  keepWaiting();
                }
              },
              "peerl-socket-" + label);
      next.setDaemon(true);
      next.start();
    }

    private void closeSelector() {
      try {
        selector.close();
      } catch (IOException e) {
        LOG.debug("closing the selector of {} failed: {}", label, e.toString());
      }
    }

    // Returns whether this thread's place was taken (by another waiting thread, or by postStop).
    private boolean waitLoop(SelectionKey key) throws IOException {
      while (!closed) {
        boolean toRead = waitsToRead;
        boolean toWrite = waitsToWrite;
        if (!toRead && !toWrite) {
          LockSupport.park(this);
          continue;
        }
        long linger = lingerNanos;
        if (toRead && linger > 0) {
          lingerNanos = 0;
          // A busy one-way stream: let more bytes gather, then read them; no select (a read that
          // finds none asks for a wait). Unless a write waits too, or comes to (it unparks this
          // thread): that one needs the select, which then waits for both.
          if (!toWrite) {
            LockSupport.parkNanos(this, linger);
            if (closed) {
              break;
            }
            if (!waitsToWrite) {
              waitsToRead = false;
              if (takeTurn(true, false)) {
                return true;
              }
              continue;
            }
          }
        }
        int interest = (toRead ? SelectionKey.OP_READ : 0) | (toWrite ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != interest) {
          key.interestOps(interest);
        }
        boolean polled = false;
        if (toRead && !toWrite && answered) {
          answered = false;
          // Not when this thread comes to it late (an answer written by another thread while it
          // slept, then woken for something else): the next request's moment has passed.
          long pollUntil = answeredAt + answerPollNanos;
          if (System.nanoTime() - pollUntil < 0) {
            polled = pollBriefly(toRead, toWrite, pollUntil);
          }
        }
        if (!polled) {
          selecting = true;
          if (closed || waitsToRead != toRead || waitsToWrite != toWrite) {
            selecting = false;
            continue;
          }
          selector.select();
          selecting = false;
        }
        if (selector.selectedKeys().isEmpty()) {
          continue;
        }
        boolean canRead = key.isValid() && key.isReadable();
        boolean canWrite = key.isValid() && key.isWritable();
        selector.selectedKeys().clear();
        boolean read = canRead && waitsToRead;
        boolean write = canWrite && waitsToWrite;
        if (read) {
          waitsToRead = false;
        }
        if (write) {
          waitsToWrite = false;
        }
        if ((read || write) && takeTurn(read, write)) {
          return true;
        }
      }
      return false;
    }

    // A connection that has just answered what it read (a call's answer written) likely gets its
    // next request soon: look for it until answerPollNanos after the answer before sleeping in
    // select, so that its arrival need not wake this thread (waking a thread whose CPU went idle
    // costs tens of µs on some VMs). Returns whether the socket became ready; false when the time
    // is up, the stream asked for another wait meanwhile, or it stopped.
    private boolean pollBriefly(boolean toRead, boolean toWrite, long until) throws IOException {
      POLLS.increment();
      while (!closed && waitsToRead == toRead && waitsToWrite == toWrite) {
        if (selector.selectNow() > 0) {
          POLLS_FOUND.increment();
          return true;
        }
        if (System.nanoTime() - until > 0) {
          return false;
        }
        Thread.onSpinWait();
      }
      return false;
    }

    // Calls the stream back, which runs here with what it hands off: this thread would only wait
    // until the stream asks for the next wait (see HandOff). Should that take long (a process
    // that blocks), another thread takes over the waiting. Returns whether it did.
    private boolean takeTurn(boolean read, boolean write) {
      long thisTurn = ++turns;
      turn.set(thisTurn);
      try {
        HandOff.runHere(
            () -> {
              if (read) {
                readable.invoke(null);
              }
              if (write) {
                writable.invoke(null);
              }
            },
            () -> replaceWaiter(thisTurn));
      } catch (Throwable e) {
        // A fatal error in a task (a process's, say): not the socket's. Logged; this thread
        // goes on waiting for the socket.
        LOG.error("a task run on the socket thread of {} failed", label, e);
      }
      Thread.interrupted(); // an interrupt a task left is not for this thread's select
      return !turn.compareAndSet(thisTurn, 0);
    }
  }
}
