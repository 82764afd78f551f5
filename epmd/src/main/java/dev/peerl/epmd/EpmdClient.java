package dev.peerl.epmd;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * An asynchronous EPMD client on Pekko Streams TCP. Every request opens its own connection, as
 * OTP's {@code erl_epmd} does, and fails with an {@link EpmdException} when EPMD cannot be reached
 * or does not answer within {@link EpmdSettings#requestTimeout()}.
 *
 * <pre>{@code
 * EpmdClient epmd = EpmdClient.create(system);
 * Registration me = epmd.register("java", 5555, NodeType.HIDDEN).toCompletableFuture().join();
 * Optional<NodeInfo> peer = epmd.lookup("rabbit", "localhost").toCompletableFuture().join();
 * me.close();
 * }</pre>
 */
public final class EpmdClient {
  private final ActorSystem<?> system;
  private final EpmdSettings settings;

  private EpmdClient(ActorSystem<?> system, EpmdSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /** A client with the {@code peerl.epmd} settings of the system's configuration. */
  public static EpmdClient create(ActorSystem<?> system) {
    return new EpmdClient(system, EpmdSettings.create(system));
  }

  public static EpmdClient create(ActorSystem<?> system, EpmdSettings settings) {
    return new EpmdClient(system, settings);
  }

  public EpmdSettings settings() {
    return settings;
  }

  /**
   * Registers a node that speaks distribution versions 5 and 6 with the EPMD at {@link
   * EpmdSettings#host()}; see {@link #register(NodeInfo)}.
   */
  public CompletionStage<Registration> register(String name, int port, NodeType type) {
    return register(NodeInfo.of(name, port, type));
  }

  /**
   * Registers {@code node} (ALIVE2_REQ) with the EPMD at {@link EpmdSettings#host()}. The
   * registration lives as long as its connection: keep the {@link Registration} for the node's
   * lifetime and {@link Registration#close() close} it on shutdown. Fails when EPMD refuses the
   * name (usually because a live node holds it).
   */
  public CompletionStage<Registration> register(NodeInfo node) {
    return Registration.start(system, settings, node);
  }

  /**
   * The port and versions of node {@code name} (without host) on {@code host} (PORT_PLEASE2_REQ);
   * empty when that EPMD does not know the name.
   */
  public CompletionStage<Optional<NodeInfo>> lookup(String name, String host) {
    EpmdRequest request = new EpmdRequest.PortPlease2(name);
    EpmdResponseDecoder decoder = new EpmdResponseDecoder(describe(host, settings.port()), request);
    return exchange(host, settings.port(), request, settings.requestTimeout(), decoder::port2)
        .thenApply(EpmdResponseDecoder.Port2::node);
  }

  /** The port and versions of {@code name@host}; see {@link #lookup(String, String)}. */
  public CompletionStage<Optional<NodeInfo>> lookup(String nodeName) {
    int at = nodeName.indexOf('@');
    if (at <= 0 || at == nodeName.length() - 1) {
      throw new IllegalArgumentException("not a node name of the form name@host: " + nodeName);
    }
    return lookup(nodeName.substring(0, at), nodeName.substring(at + 1));
  }

  /** The nodes registered with the EPMD on {@code host} (NAMES_REQ). */
  public CompletionStage<List<RegisteredNode>> names(String host) {
    EpmdRequest request = EpmdRequest.Names.INSTANCE;
    String epmd = describe(host, settings.port());
    EpmdResponseDecoder decoder = new EpmdResponseDecoder(epmd, request);
    Duration timeout = settings.requestTimeout();
    int limit = settings.maxResponseSize();
    CompletionStage<ByteString> received =
        Source.single(request.encode())
            .concat(Source.maybe())
            .via(connection(host, settings.port(), timeout))
            .fold(ByteString.emptyByteString(), (all, chunk) -> append(all, chunk, limit, decoder))
            .completionTimeout(timeout)
            .runWith(Sink.head(), system);
    return translated(received, epmd, request, timeout).thenApply(decoder::names);
  }

  /**
   * Whether an EPMD answers a NAMES_REQ on {@code host:port} within {@link
   * EpmdSettings#probeTimeout()}. Never fails: anything but an answer is {@code false}.
   */
  public CompletionStage<Boolean> isRunning(String host, int port) {
    EpmdRequest request = EpmdRequest.Names.INSTANCE;
    EpmdResponseDecoder decoder = new EpmdResponseDecoder(describe(host, port), request);
    return exchange(host, port, request, settings.probeTimeout(), decoder::namesPort)
        .handle((epmdPort, failure) -> failure == null);
  }

  /** Whether an EPMD answers on the configured host and port. */
  public CompletionStage<Boolean> isRunning() {
    return isRunning(settings.host(), settings.port());
  }

  /**
   * Sends {@code request} on a new connection and decodes what arrives until {@code decode} has a
   * complete answer, which may take several TCP reads.
   */
  private <T> CompletionStage<T> exchange(
      String host,
      int port,
      EpmdRequest request,
      Duration timeout,
      Function<ByteString, Optional<T>> decode) {
    String epmd = describe(host, port);
    EpmdResponseDecoder limits = new EpmdResponseDecoder(epmd, request);
    int limit = settings.maxResponseSize();
    CompletionStage<T> answer =
        Source.single(request.encode())
            // Our side stays open: EPMD answers and then closes the connection itself.
            .concat(Source.maybe())
            .via(connection(host, port, timeout))
            .scan(ByteString.emptyByteString(), (all, chunk) -> append(all, chunk, limit, limits))
            .map(decode::apply)
            .filter(Optional::isPresent)
            .map(Optional::get)
            .completionTimeout(timeout)
            .runWith(Sink.head(), system);
    return translated(answer, epmd, request, timeout);
  }

  private Flow<ByteString, ByteString, ?> connection(String host, int port, Duration timeout) {
    // Unresolved: Pekko resolves the host asynchronously instead of blocking the caller.
    return Tcp.get(system)
        .outgoingConnection(
            InetSocketAddress.createUnresolved(host, port),
            Optional.empty(),
            List.of(),
            false,
            Optional.of(timeout),
            Optional.empty());
  }

  private static ByteString append(
      ByteString all, ByteString chunk, int limit, EpmdResponseDecoder decoder) {
    if ((long) all.size() + chunk.size() > limit) {
      throw decoder.failure("answer longer than max-response-size (" + limit + " bytes)");
    }
    return all.concat(chunk);
  }

  static <T> CompletionStage<T> translated(
      CompletionStage<T> answer, String epmd, EpmdRequest request, Duration timeout) {
    return answer.handle(
        (value, failure) -> {
          if (failure == null) {
            return value;
          }
          throw asEpmdException(failure, epmd, request, timeout);
        });
  }

  static EpmdException asEpmdException(
      Throwable failure, String epmd, EpmdRequest request, Duration timeout) {
    return asEpmdException(failure, epmd, request.describe(), timeout);
  }

  static EpmdException asEpmdException(
      Throwable failure, String epmd, String request, Duration timeout) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof EpmdException epmdException) {
      return epmdException;
    } else if (cause instanceof TimeoutException) {
      return new EpmdException(epmd, request, "no answer within " + timeout, cause);
    } else if (cause instanceof NoSuchElementException) {
      return new EpmdException(epmd, request, "connection closed before a complete answer", cause);
    } else {
      return new EpmdException(epmd, request, String.valueOf(cause.getMessage()), cause);
    }
  }

  static String describe(String host, int port) {
    return host + ":" + port;
  }
}
