package dev.peerl.runtime.node;

import dev.peerl.epmd.EmbeddedEpmd;
import dev.peerl.epmd.EpmdClient;
import dev.peerl.epmd.EpmdSettings;
import dev.peerl.epmd.NodeType;
import dev.peerl.epmd.Registration;
import dev.peerl.runtime.PeerlSettings;
import dev.peerl.runtime.transport.Transport;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node starts (the embedded EPMD if configured so, listen, register with EPMD) and stops, in
 * coordinated shutdown's phases: close every connection so that peers see nodedown, leave EPMD and
 * unbind, stop the embedded EPMD.
 */
final class NodeLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycle.class);

  /** A node that listens and is registered: where, and the creation EPMD gave it. */
  record Started(Transport.Binding binding, int creation) {}

  private final ActorSystem<?> system;
  private final PeerlSettings settings;
  private final String name;
  private final EpmdClient epmd;
  private final ConnectionRegistry registry;
  private final Transport transport;
  private volatile boolean stopping;
  private volatile Transport.Binding binding;
  private volatile Registration registration;
  // Probes of an EPMD that took the port while the embedded one started (see useAnotherEpmd).
  private static final int PORT_TAKEN_PROBES = 5;

  private volatile EmbeddedEpmd embeddedEpmd;

  NodeLifecycle(
      ActorSystem<?> system,
      PeerlSettings settings,
      String name,
      EpmdClient epmd,
      ConnectionRegistry registry,
      Transport transport) {
    this.system = system;
    this.transport = transport;
    this.settings = settings;
    this.name = name;
    this.epmd = epmd;
    this.registry = registry;
  }

  /** Whether coordinated shutdown has begun closing the node. */
  boolean stopping() {
    return stopping;
  }

  /** Starts the node; {@code accept} gets the incoming connections. */
  CompletionStage<Started> start(Consumer<Transport.Incoming> accept) {
    registerShutdownTasks();
    hintAtTcpDispatcher();
    return epmdReady(epmd.settings())
        .thenCompose(
            ready -> transport.bind(settings.listenAddress(), settings.listenPort(), accept))
        .thenCompose(
            bound -> {
              binding = bound;
              String alive = name.substring(0, name.indexOf('@'));
              NodeType type = settings.distribution().hidden() ? NodeType.HIDDEN : NodeType.NORMAL;
              return epmd.register(alive, bound.localAddress().getPort(), type);
            })
        .thenApply(
            registered -> {
              registration = registered;
              // Pids keep the creation of the first registration; a re-registration after EPMD
              // restarted changes the creation EPMD reports, but not this node's incarnation.
              return new Started(binding, (int) registered.creation());
            });
  }

  // With the pekko-tcp transport, Pekko's TCP actors on the processes' dispatcher halve the thread
  // hand-offs of a message, but only an application.conf can set it reliably (see reference.conf):
  // say so once, at INFO.
  private void hintAtTcpDispatcher() {
    String setting = "pekko.io.tcp.worker-dispatcher";
    if (settings.distribution().transport() == Transport.Kind.PEKKO_TCP
        && !ProcessStarter.DISPATCHER.equals(system.settings().config().getString(setting))) {
      LOG.info(
          "[{}] Pekko's TCP actors run on their own dispatcher; {} = \"{}\" in application.conf"
              + " keeps a message's hops on fewer threads (docs/configuration.md)",
          name,
          setting,
          ProcessStarter.DISPATCHER);
    }
  }

  private CompletionStage<Done> epmdReady(EpmdSettings epmdSettings) {
    return switch (epmdSettings.embedded()) {
      case NEVER -> CompletableFuture.completedFuture(Done.getInstance());
      case ALWAYS -> startEmbeddedEpmd(epmdSettings);
      case ON_DEMAND ->
          epmd.isRunning()
              .thenCompose(
                  running ->
                      running
                          ? CompletableFuture.completedFuture(Done.getInstance())
                          : startEmbeddedEpmd(epmdSettings)
                              .exceptionallyCompose(
                                  failure -> useAnotherEpmd(failure, PORT_TAKEN_PROBES)));
    };
  }

  /**
   * The embedded EPMD could not bind its port, though no EPMD answered the probe just before: two
   * nodes that start at once both find no EPMD and both try to serve it, or an EPMD too busy to
   * answer within the probe timeout holds the port. Whoever holds the port is asked again a few
   * times; if it answers, this node registers with it, else the bind failure stands.
   */
  private CompletionStage<Done> useAnotherEpmd(Throwable failure, int probesLeft) {
    if (!portTaken(failure)) {
      return CompletableFuture.failedFuture(failure);
    }
    return epmd.isRunning()
        .thenCompose(
            running -> {
              if (running) {
                LOG.info(
                    "[{}] the EPMD port was taken as the embedded EPMD started: another EPMD"
                        + " answers there now, and this node registers with it",
                    name);
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              return probesLeft > 1
                  ? useAnotherEpmd(failure, probesLeft - 1)
                  : CompletableFuture.<Done>failedFuture(failure);
            });
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private CompletionStage<Done> startEmbeddedEpmd(EpmdSettings epmdSettings) {
    return EmbeddedEpmd.start(system, epmdSettings)
        .thenApply(
            server -> {
              embeddedEpmd = server;
              LOG.info("[{}] started the embedded EPMD on {}", name, server.localAddress());
              return Done.getInstance();
            });
  }

  private void registerShutdownTasks() {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "peerl-close-connections",
        () -> {
          stopping = true;
          CompletableFuture<?>[] all =
              registry.all().stream()
                  .map(
                      connection -> {
                        ConnectionActor.close(connection, "this node is shutting down");
                        return connection.terminated;
                      })
                  .toArray(CompletableFuture<?>[]::new);
          return CompletableFuture.allOf(all).thenApply(done -> Done.getInstance());
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "peerl-leave-epmd-and-unbind",
        () -> {
          Registration registered = registration;
          Transport.Binding bound = binding;
          CompletionStage<Done> left =
              registered == null
                  ? CompletableFuture.completedFuture(Done.getInstance())
                  : registered.closeAsync();
          return left.thenCompose(
              done ->
                  bound == null
                      ? CompletableFuture.completedFuture(Done.getInstance())
                      : bound.unbind());
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceStop(),
        "peerl-stop-embedded-epmd",
        () -> {
          EmbeddedEpmd server = embeddedEpmd;
          return server == null
              ? CompletableFuture.completedFuture(Done.getInstance())
              : server.stop();
        });
  }
}
