package dev.peerl.epmd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An EPMD server inside the JVM that real {@code erl} nodes, {@code epmd -names} and {@link
 * EpmdClient} can use instead of OTP's {@code epmd} daemon. Each connection is framed by {@link
 * EpmdRequestFraming} and answered by {@link EpmdRequestHandler}; the names live in one {@link
 * RegistrationTable}. A bad client only loses its own connection.
 *
 * <pre>{@code
 * EmbeddedEpmd epmd = EmbeddedEpmd.start(system, EpmdSettings.create(system))
 *     .toCompletableFuture().join();
 * // ... ERL_EPMD_PORT=<epmd.port()> erl -sname foo registers here
 * epmd.stop();
 * }</pre>
 */
public final class EmbeddedEpmd {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEpmd.class);

  private final ActorSystem<?> system;
  private final EpmdSettings settings;
  private final RegistrationTable table =
      new RegistrationTable(() -> System.currentTimeMillis() / 1000);
  private final SharedKillSwitch connections = KillSwitches.shared("peerl-embedded-epmd");
  private final AtomicLong connectionIds = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Tcp.ServerBinding binding;

  private EmbeddedEpmd(ActorSystem<?> system, EpmdSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /**
   * Binds {@link EpmdSettings#bindAddress()} and {@link EpmdSettings#port()} (0: a free port) and
   * serves until {@link #stop()} or until the actor system terminates. Fails with an {@link
   * EpmdException} when the port cannot be bound, usually because an EPMD already runs there.
   */
  public static CompletionStage<EmbeddedEpmd> start(ActorSystem<?> system, EpmdSettings settings) {
    EmbeddedEpmd server = new EmbeddedEpmd(system, settings);
    String address = EpmdClient.describe(settings.bindAddress(), settings.port());
    CompletionStage<Tcp.ServerBinding> bound =
        Tcp.get(system)
            .bind(settings.bindAddress(), settings.port(), 100, List.of(), false, Optional.empty())
            .to(Sink.foreach(server::serve))
            .run(system);
    return bound.handle(
        (binding, failure) -> {
          if (failure != null) {
            throw EpmdClient.asEpmdException(failure, address, "bind", settings.requestTimeout());
          }
          server.binding = binding;
          LOG.info("embedded EPMD listening on {}", binding.localAddress());
          return server;
        });
  }

  /** The address and port the server listens on. */
  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** The live registrations, newest first. */
  public List<NodeInfo> registeredNodes() {
    return table.live().stream().map(RegistrationTable.Entry::node).toList();
  }

  /**
   * Stops listening and closes every connection, which releases every name. Completes once the port
   * is free. Idempotent.
   */
  public CompletionStage<Done> stop() {
    if (stopping.compareAndSet(false, true)) {
      LOG.info("embedded EPMD on {} stopping", binding.localAddress());
      connections.shutdown();
    }
    return binding.unbind().thenCompose(unbound -> binding.whenUnbound());
  }

  private void serve(Tcp.IncomingConnection connection) {
    long id = connectionIds.incrementAndGet();
    InetSocketAddress remote = connection.remoteAddress();
    EpmdRequestHandler.Peer peer =
        new EpmdRequestHandler.Peer(
            id,
            remote.toString(),
            isLocal(remote.getAddress(), connection.localAddress().getAddress()),
            connection.localAddress().getPort());
    Flow<ByteString, ByteString, ?> handler =
        Flow.of(ByteString.class)
            .via(connections.flow())
            .via(new EpmdRequestFraming(settings.maxRequestSize()))
            .via(
                new EpmdRequestHandler(
                    table, peer, settings.requestIdleTimeout(), settings.enableKill(), this::kill))
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((ok, failure) -> logEnd(peer, failure));
                  return done;
                });
    connection.handleWith(handler, system);
  }

  private void kill() {
    stop();
  }

  private static void logEnd(EpmdRequestHandler.Peer peer, Throwable failure) {
    if (failure instanceof InvalidRequestException invalid) {
      if (invalid.abuse()) {
        LOG.warn("closed EPMD connection from {}: {}", peer.remote(), invalid.getMessage());
      } else {
        LOG.debug("closed EPMD connection from {}: {}", peer.remote(), invalid.getMessage());
      }
    } else if (failure != null) {
      LOG.debug("EPMD connection from {} failed: {}", peer.remote(), failure.toString());
    }
  }

  // OTP's conn_local_peer_check: loopback, or the peer's address is the one it connected to.
  private static boolean isLocal(InetAddress remote, InetAddress local) {
    return remote.isLoopbackAddress() || remote.equals(local);
  }
}
