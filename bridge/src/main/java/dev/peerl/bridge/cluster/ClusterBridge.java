package dev.peerl.bridge.cluster;

import dev.peerl.bridge.Bridge;
import dev.peerl.bridge.mapping.TermMapper;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.epmd.EpmdClient;
import dev.peerl.runtime.node.ErlangNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pekko Cluster side of a mixed cluster: every JVM of the cluster runs its own Erlang node (its
 * {@link Bridge}), and {@code ClusterBridge.get(system)} keeps that node connected to the
 * configured Erlang nodes and mirrors services between the Receptionist and Erlang's {@code pg}:
 *
 * <ul>
 *   <li>{@link #exportService}: the actors of this JVM registered under a {@code ServiceKey<T>}
 *       appear in a pg group ({@code pg:get_members(Group)} on Erlang nodes), as processes of this
 *       JVM's node that hand what they receive, mapped to {@code T}, to the actors;
 *   <li>{@link #importGroup}: the Erlang members of a pg group appear in the Receptionist under a
 *       {@code ServiceKey<Term>}, as {@code ActorRef<Term>}s that send to the pids, usable from
 *       every JVM of the cluster.
 * </ul>
 *
 * <pre>{@code
 * ClusterBridge cluster = ClusterBridge.get(system);   // needs pekko.actor.provider = cluster
 * cluster.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
 * cluster.exportService(Greeter.KEY, Atom.of("greeters"), Greeter::fromTerm);
 * cluster.importGroup(Atom.of("erl_greeters"), ERL_GREETERS);   // a ServiceKey<Term>
 * }</pre>
 *
 * Membership follows both sides: a Java actor that stops or deregisters leaves the group, and the
 * members of a JVM that leaves the Pekko cluster die with its node; an Erlang member that leaves,
 * exits or whose node goes down leaves the listing. Settings under {@code peerl.bridge.cluster};
 * see {@code docs/cluster.md}.
 */
public final class ClusterBridge implements Extension {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBridge.class);
  private static final Id ID = new Id();

  /** The extension's id. */
  public static final class Id extends ExtensionId<ClusterBridge> {
    @Override
    public ClusterBridge createExtension(ActorSystem<?> system) {
      return new ClusterBridge(system);
    }
  }

  /**
   * The cluster bridge of {@code system}, started (with its {@link Bridge} and node) on first use.
   *
   * @throws org.apache.pekko.ConfigurationException if the system is not a cluster member ({@code
   *     pekko.actor.provider = cluster})
   */
  public static ClusterBridge get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  private final ActorSystem<?> system;
  private final ClusterBridgeSettings settings;
  private final Bridge bridge;
  private final CompletableFuture<Done> started = new CompletableFuture<>();
  private final Map<ServiceKey<?>, ActorRef<?>> exports = new ConcurrentHashMap<>();
  private final Map<Term, ActorRef<?>> imports = new ConcurrentHashMap<>();
  private final AtomicLong actorNumbers = new AtomicLong();
  private volatile Pid sender;

  private ClusterBridge(ActorSystem<?> system) {
    this.system = system;
    this.settings = ClusterBridgeSettings.create(system.settings().config());
    Cluster.get(system); // fails at once on a system without the cluster provider
    this.bridge = Bridge.get(system);
    bridge
        .started()
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                started.completeExceptionally(error);
                return;
              }
              try {
                start();
                started.complete(done);
              } catch (RuntimeException e) {
                LOG.error("[{}] the cluster bridge failed to start", node().nodeName(), e);
                started.completeExceptionally(e);
              }
            });
  }

  private void start() {
    ErlangNode node = bridge.node();
    sender = node.spawn(ctx -> Behaviors.ignore()).pid();
    ActorRef<ClusterPeers.Marker> marker =
        system.systemActorOf(
            ClusterPeers.marker(), ClusterPeers.markerName(node.nodeName()), Props.empty());
    system.receptionist().tell(Receptionist.register(ClusterPeers.KEY, marker));
    system.systemActorOf(
        ErlangNodeKeeper.create(node, settings, EpmdClient.create(system)),
        "peerl-cluster-erlang-nodes",
        Props.empty());
  }

  /** Completes when the node, the bridge and the cluster bridge have started. */
  public CompletionStage<Done> started() {
    return started.minimalCompletionStage();
  }

  /** The bridge of this JVM's node. */
  public Bridge bridge() {
    return bridge;
  }

  /** This JVM's node. */
  public ErlangNode node() {
    return bridge.node();
  }

  /** The settings read from {@code peerl.bridge.cluster}. */
  public ClusterBridgeSettings settings() {
    return settings;
  }

  /**
   * Mirrors {@code key} as the pg group {@code group} of the bridge's scope: each actor of this JVM
   * registered under {@code key}, now or later, is a member of the group while it is listed, and
   * each message an Erlang process sends that member reaches the actor as {@code
   * fromTerm.apply(message)}. A message {@code fromTerm} refuses (by throwing, or returning null)
   * is logged at WARN and dropped. Call it on every JVM that runs such actors.
   *
   * @throws IllegalStateException before {@link #started()} has completed, or if {@code key} is
   *     already exported
   */
  public <T> void exportService(ServiceKey<T> key, Term group, Function<Term, T> fromTerm) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(fromTerm, "fromTerm");
    requireStarted();
    exports.compute(
        key,
        (k, existing) -> {
          if (existing != null) {
            throw new IllegalStateException(key + " is already exported");
          }
          return system.systemActorOf(
              ServiceExport.create(key, group, fromTerm, node(), bridge.pg()),
              actorName("peerl-cluster-export-", key),
              Props.empty());
        });
  }

  /**
   * {@link #exportService(ServiceKey, Term, Function)} with {@code mapper.fromTerm(message, type)}
   * as the mapping: a record, enum or sealed interface the {@link TermMapper} decodes.
   */
  public <T> void exportService(
      ServiceKey<T> key, Term group, TermMapper mapper, Class<T> messageType) {
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(messageType, "messageType");
    exportService(key, group, term -> mapper.fromTerm(term, messageType));
  }

  /**
   * Mirrors the pg group {@code group} of the bridge's scope as the Receptionist listing of {@code
   * key}: each Erlang member is listed once in the whole cluster, as an {@code ActorRef<Term>} that
   * sends what it is told to the pid, while it is a member. Members of the cluster's own JVMs are
   * left out (they are Java actors). Call it on every JVM, with the same key and group: each JVM
   * lists the members it owns, and takes over those of a JVM that leaves.
   *
   * @throws IllegalStateException before {@link #started()} has completed, or if {@code group} is
   *     already imported
   */
  public void importGroup(Term group, ServiceKey<Term> key) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(key, "key");
    requireStarted();
    imports.compute(
        group,
        (g, existing) -> {
          if (existing != null) {
            throw new IllegalStateException("pg group " + group + " is already imported");
          }
          return system.systemActorOf(
              GroupImport.create(group, key, node(), bridge.pg(), sender),
              actorName("peerl-cluster-import-", key),
              Props.empty());
        });
  }

  /**
   * {@code Pid ! Message} from this bridge's own process: for Java actors that answer an Erlang
   * process whose pid came in a message. Never blocks; a message to a dead pid is dropped.
   */
  public void send(Pid to, Term message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    requireStarted();
    node().send(sender, to, message);
  }

  private String actorName(String prefix, ServiceKey<?> key) {
    return prefix
        + actorNumbers.incrementAndGet()
        + "-"
        + URLEncoder.encode(key.id(), StandardCharsets.UTF_8);
  }

  private void requireStarted() {
    if (!started.isDone() || started.isCompletedExceptionally()) {
      throw new IllegalStateException(
          "the cluster bridge of "
              + node().nodeName()
              + " has not started: await ClusterBridge.started()");
    }
  }

  @Override
  public String toString() {
    return "ClusterBridge[" + node().nodeName() + "]";
  }
}
