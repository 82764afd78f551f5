package dev.peerl.runtime.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sockets of Peerl's own ({@link SocketStage}): a listener thread that accepts, and per connection
 * a thread that reads. A node has few connections (one per other node), so a thread each costs
 * little and saves every read the hand-offs of Pekko's TCP.
 */
public final class SocketTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(SocketTransport.class);
  private static final int BACKLOG = 128;
  // After an accept failed (for example: no file descriptors left), wait before the next.
  private static final long ACCEPT_RETRY_MILLIS = 100;

  private final Duration connectTimeout;
  private final Pacing pacing;

  /**
   * How a connection's reads are paced ({@link ReadPacing}), and how long it polls for the next
   * request after an answer ({@link SocketStage}).
   *
   * @param readLinger how long a busy one-way stream waits before each read; zero: never
   * @param smallFramesLinger how long it waits when its frames are small
   * @param smallFramesWindow the socket's receive window clamp meanwhile, in bytes; zero: never
   *     narrowed
   * @param answerPoll until how long after an answer a connection that has answered what it read
   *     polls for the next request before it sleeps (unless it rests from polling); zero: never
   */
  public record Pacing(
      Duration readLinger, Duration smallFramesLinger, int smallFramesWindow, Duration answerPoll) {
    /** The longest answer poll. */
    public static final Duration MAX_ANSWER_POLL = Duration.ofMillis(1);

    /**
     * @throws IllegalArgumentException if a linger, the window or the poll is negative, or the poll
     *     is longer than {@link #MAX_ANSWER_POLL}
     */
    public Pacing {
      if (readLinger.isNegative()
          || smallFramesLinger.isNegative()
          || smallFramesWindow < 0
          || answerPoll.isNegative()
          || answerPoll.compareTo(MAX_ANSWER_POLL) > 0) {
        throw new IllegalArgumentException(
            "read lingers, window and answer poll (at most 1ms) must be 0 or more, not "
                + readLinger
                + ", "
                + smallFramesLinger
                + ", "
                + smallFramesWindow
                + ", "
                + answerPoll);
      }
    }
  }

  /** Dials within {@code connectTimeout} (at least a millisecond); reads as {@code pacing} says. */
  public SocketTransport(Duration connectTimeout, Pacing pacing) {
    this.connectTimeout = connectTimeout.toMillis() < 1 ? Duration.ofMillis(1) : connectTimeout;
    this.pacing = pacing;
  }

  @Override
  public CompletionStage<Binding> bind(String host, int port, Consumer<Incoming> accept) {
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(host, port), BACKLOG);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new TransportException("cannot listen on " + host + ":" + port, e));
    }
    SocketBinding binding = new SocketBinding(server, new CompletableFuture<>());
    Thread listener =
        new Thread(
            () -> {
              try {
                listen(server, accept);
              } finally {
                binding.stopped().complete(Done.getInstance());
              }
            },
            "peerl-listener-" + binding.port());
    listener.setDaemon(true);
    listener.start();
    return CompletableFuture.completedFuture(binding);
  }

  @Override
  public Flow<ByteString, ByteString, NotUsed> connect(
      String host, int port, LongSupplier framesTaken) {
    return Flow.fromGraph(SocketStage.dialling(host, port, connectTimeout, pacing, framesTaken));
  }

  private void listen(ServerSocketChannel server, Consumer<Incoming> accept) {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.warn("accepting a connection failed: {}", e.toString());
        pause();
        continue;
      }
      if (!server.isOpen()) {
        closeQuietly(channel); // accepted while unbinding
        return;
      }
      try {
        accept.accept(
            new SocketIncoming(channel, (InetSocketAddress) channel.getRemoteAddress(), pacing));
      } catch (IOException | RuntimeException e) {
        LOG.warn("an accepted connection was closed: {}", e.toString(), e);
        closeQuietly(channel);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(ACCEPT_RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a refused connection failed: {}", e.toString());
    }
  }

  // `stopped` completes when the listener thread has returned: no connection is accepted after.
  private record SocketBinding(
      ServerSocketChannel server, InetSocketAddress localAddress, CompletableFuture<Done> stopped)
      implements Binding {
    SocketBinding(ServerSocketChannel server, CompletableFuture<Done> stopped) {
      this(server, localAddressOf(server), stopped);
    }

    private static InetSocketAddress localAddressOf(ServerSocketChannel server) {
      try {
        return (InetSocketAddress) server.getLocalAddress();
      } catch (IOException e) {
        throw new TransportException("the listening socket has no address", e);
      }
    }

    int port() {
      return localAddress.getPort();
    }

    @Override
    public CompletionStage<Done> unbind() {
      try {
        server.close();
      } catch (IOException e) {
        LOG.debug("closing the listening socket failed: {}", e.toString());
      }
      return stopped.minimalCompletionStage();
    }
  }

  private record SocketIncoming(
      SocketChannel channel, InetSocketAddress remoteAddress, Pacing pacing) implements Incoming {
    @Override
    public Flow<ByteString, ByteString, NotUsed> flow(LongSupplier framesTaken) {
      return Flow.fromGraph(SocketStage.accepted(channel, remoteAddress, pacing, framesTaken));
    }

    @Override
    public void refuse() {
      closeQuietly(channel);
    }
  }
}
