package dev.peerl.bridge.cluster;

import dev.peerl.codec.Atom;
import dev.peerl.epmd.EpmdClient;
import dev.peerl.epmd.RegisteredNode;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.node.NodeEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Keeps this JVM's node connected to the configured Erlang nodes: the static list, and the nodes
 * the EPMDs of the discovery hosts list. A node that refuses or goes down is dialled again after an
 * exponential backoff ({@link ClusterBridgeSettings#backoff}), for as long as it is wanted. The
 * Erlang nodes of the other JVMs of the cluster ({@link ClusterPeers}) are never dialled.
 */
final class ErlangNodeKeeper extends AbstractBehavior<ErlangNodeKeeper.Command> {
  sealed interface Command {}

  private record NodeChanged(NodeEvent event) implements Command {}

  private record Connected(Atom node, Throwable failure) implements Command {}

  private record Retry(Atom node) implements Command {}

  private enum Discover implements Command {
    INSTANCE
  }

  private record Discovered(String host, List<RegisteredNode> nodes, Throwable failure)
      implements Command {}

  private record PeersChanged(Set<Atom> nodes) implements Command {}

  private final ErlangNode node;
  private final ClusterBridgeSettings settings;
  private final EpmdClient epmd;
  private final TimerScheduler<Command> timers;
  private final Map<String, Set<Atom>> discovered = new HashMap<>();
  private Set<Atom> peers = Set.of();
  private Set<Atom> wanted = Set.of();
  private final Set<Atom> dialling = new HashSet<>();
  private final Map<Atom, Integer> attempts = new HashMap<>();

  static Behavior<Command> create(
      ErlangNode node, ClusterBridgeSettings settings, EpmdClient epmd) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new ErlangNodeKeeper(context, timers, node, settings, epmd)));
  }

  private ErlangNodeKeeper(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ErlangNode node,
      ClusterBridgeSettings settings,
      EpmdClient epmd) {
    super(context);
    this.node = node;
    this.settings = settings;
    this.epmd = epmd;
    this.timers = timers;
    node.monitorNodes(context.messageAdapter(NodeEvent.class, NodeChanged::new));
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                ClusterPeers.KEY,
                context.messageAdapter(
                    Receptionist.Listing.class, l -> new PeersChanged(ClusterPeers.nodes(l)))));
    if (!settings.discoveryHosts().isEmpty()) {
      timers.startTimerWithFixedDelay(
          Discover.INSTANCE, Discover.INSTANCE, Duration.ZERO, settings.discoveryInterval());
    }
    update();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NodeChanged.class, this::onNodeChanged)
        .onMessage(Connected.class, this::onConnected)
        .onMessage(Retry.class, this::onRetry)
        .onMessageEquals(Discover.INSTANCE, this::onDiscover)
        .onMessage(Discovered.class, this::onDiscovered)
        .onMessage(PeersChanged.class, this::onPeersChanged)
        .build();
  }

  private Behavior<Command> onNodeChanged(NodeChanged changed) {
    Atom peer = changed.event().node();
    if (changed.event() instanceof NodeEvent.NodeUp) {
      attempts.remove(peer);
      timers.cancel(peer);
    } else if (wanted.contains(peer) && !dialling.contains(peer)) {
      getContext().getLog().info("Erlang node {} went down; connecting again", peer);
      retryLater(peer);
    }
    return this;
  }

  private Behavior<Command> onConnected(Connected connected) {
    Atom peer = connected.node();
    dialling.remove(peer);
    if (connected.failure() == null) {
      attempts.remove(peer);
      getContext().getLog().info("connected to Erlang node {}", peer);
    } else if (wanted.contains(peer)) {
      int attempt = attempts.getOrDefault(peer, 0);
      if (attempt == 0) {
        getContext()
            .getLog()
            .warn(
                "cannot connect to Erlang node {} ({}); trying again with backoff",
                peer,
                connected.failure().toString());
      } else {
        getContext()
            .getLog()
            .debug("connecting to {} failed again: {}", peer, connected.failure().toString());
      }
      retryLater(peer);
    }
    return this;
  }

  private Behavior<Command> onRetry(Retry retry) {
    if (wanted.contains(retry.node())) {
      dial(retry.node());
    }
    return this;
  }

  private Behavior<Command> onDiscover() {
    for (String host : settings.discoveryHosts()) {
      getContext()
          .pipeToSelf(epmd.names(host), (names, failure) -> new Discovered(host, names, failure));
    }
    return this;
  }

  private Behavior<Command> onDiscovered(Discovered found) {
    if (found.failure() != null) {
      // Keep what the host listed before: an EPMD that does not answer once says nothing of them.
      getContext()
          .getLog()
          .debug("EPMD on {} did not list its nodes: {}", found.host(), found.failure().toString());
      return this;
    }
    Set<Atom> nodes = new LinkedHashSet<>();
    for (RegisteredNode registered : found.nodes()) {
      if (settings.discoveryPattern().matcher(registered.name()).matches()) {
        nodes.add(Atom.of(registered.name() + "@" + found.host()));
      }
    }
    discovered.put(found.host(), nodes);
    update();
    return this;
  }

  private Behavior<Command> onPeersChanged(PeersChanged changed) {
    peers = changed.nodes();
    update();
    return this;
  }

  /** Computes the wanted nodes again; dials the new ones, forgets the ones no longer wanted. */
  private void update() {
    Set<Atom> next = new LinkedHashSet<>(settings.erlangNodes());
    discovered.values().forEach(next::addAll);
    next.remove(node.nodeName());
    next.removeAll(peers);
    for (Atom gone : wanted) {
      if (!next.contains(gone)) {
        timers.cancel(gone);
        attempts.remove(gone);
      }
    }
    Set<Atom> before = wanted;
    wanted = Set.copyOf(next);
    for (Atom peer : wanted) {
      if (!before.contains(peer)) {
        dial(peer);
      }
    }
  }

  private void dial(Atom peer) {
    if (dialling.contains(peer) || node.connectedNodes().contains(peer)) {
      return;
    }
    dialling.add(peer);
    getContext().pipeToSelf(connect(peer), (done, failure) -> new Connected(peer, failure));
  }

  private CompletionStage<Done> connect(Atom peer) {
    try {
      return node.connect(peer);
    } catch (RuntimeException e) { // a malformed name, or the node is stopping
      return CompletableFuture.failedFuture(e);
    }
  }

  private void retryLater(Atom peer) {
    int attempt = attempts.getOrDefault(peer, 0);
    attempts.put(peer, attempt + 1);
    timers.startSingleTimer(
        peer, new Retry(peer), settings.backoff(attempt, ThreadLocalRandom.current().nextDouble()));
  }
}
