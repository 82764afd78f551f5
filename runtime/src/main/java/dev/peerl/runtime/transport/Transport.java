package dev.peerl.runtime.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The bytes of distribution connections: a listening socket that hands over the connections other
 * nodes open, and flows that dial. What sits above (handshake, framing, TLS) does not know which
 * transport it runs on.
 */
public interface Transport {
  /** Which transport a node uses ({@code peerl.distribution.transport}). */
  enum Kind {
    /** Sockets of Peerl's own: one reader thread per connection, writes from the stream. */
    SOCKET,
    /** Pekko's TCP ({@code org.apache.pekko.stream.javadsl.Tcp}). */
    PEKKO_TCP;

    /** Parses a setting's value: {@code socket} or {@code pekko-tcp}. */
    public static Kind parse(String value) {
      return switch (value) {
        case "socket" -> SOCKET;
        case "pekko-tcp" -> PEKKO_TCP;
        default ->
            throw new IllegalArgumentException(
                "transport must be \"socket\" or \"pekko-tcp\", not \"" + value + "\"");
      };
    }
  }

  /**
   * Listens on {@code host:port} (port 0: any free one) and gives {@code accept} each connection
   * another node opens, in the order they come.
   */
  CompletionStage<Binding> bind(String host, int port, Consumer<Incoming> accept);

  /** For {@code framesTaken}: the layers above do not count frames. */
  LongSupplier UNCOUNTED = () -> -1;

  /**
   * A flow of the bytes to and from {@code host:port}, dialled when it is materialized; it fails
   * with a {@link TransportException} (or Pekko's {@code StreamTcpException}) when the connection
   * cannot be made or breaks, and completes when the peer closes it.
   *
   * @param framesTaken how many frames the layers above have taken out of the bytes the flow
   *     emitted so far, or {@link #UNCOUNTED}: how a transport can tell a stream of small messages
   *     from one of large ones (read from the flow's own thread, after its bytes were taken)
   */
  Flow<ByteString, ByteString, NotUsed> connect(String host, int port, LongSupplier framesTaken);

  /** A listening socket. */
  interface Binding {
    /** The address it listens on, with the port chosen when 0 was asked for. */
    InetSocketAddress localAddress();

    /**
     * Stops listening; completes when no connection can be accepted any more. Connections already
     * accepted stay open.
     */
    CompletionStage<Done> unbind();
  }

  /** A connection another node opened: take it with {@link #flow()} or {@link #refuse()} it. */
  interface Incoming {
    /** Where it comes from. */
    InetSocketAddress remoteAddress();

    /**
     * Its bytes; materialize it once. {@code framesTaken} as in {@link Transport#connect(String,
     * int, LongSupplier)}.
     */
    Flow<ByteString, ByteString, NotUsed> flow(LongSupplier framesTaken);

    /** Closes it unread. */
    void refuse();
  }
}
