package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.epmd.EpmdClient;
import dev.peerl.runtime.PeerlSettings;
import dev.peerl.runtime.connection.DistTls;
import dev.peerl.runtime.connection.DistributionSettings;
import dev.peerl.runtime.control.ControlMessage.AliasSend;
import dev.peerl.runtime.control.ControlMessage.RegSend;
import dev.peerl.runtime.control.ControlMessage.SendSender;
import dev.peerl.runtime.handshake.HandshakeSettings;
import dev.peerl.runtime.handshake.NodeNames;
import dev.peerl.runtime.process.AliasMode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.runtime.process.ProcessTable;
import dev.peerl.runtime.process.SpawnException;
import dev.peerl.runtime.process.SpawnHandler;
import dev.peerl.runtime.process.SpawnOption;
import dev.peerl.runtime.transport.PekkoTcpTransport;
import dev.peerl.runtime.transport.SocketTransport;
import dev.peerl.runtime.transport.Transport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Erlang node inside an actor system: {@code ErlangNode.get(system)} starts it (listen,
 * register with EPMD, starting the embedded EPMD when configured so), and coordinated shutdown
 * stops it (close every connection, so peers see nodedown; leave EPMD; unbind).
 *
 * <pre>{@code
 * ErlangNode node = ErlangNode.get(system);
 * node.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
 * node.spawn("echo", ctx -> Behaviors.receive(ProcessMessage.class)
 *     .onMessage(ProcessMessage.Message.class, m -> {
 *       if (m.body() instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
 *         ctx.send(from, t.get(1));
 *       }
 *       return Behaviors.same();
 *     })
 *     .build());
 * }</pre>
 *
 * Connections to other nodes open on demand, on the first send to one of their pids or names (or
 * {@link #connect}), and from them, as erl's do. Sends never block: see {@link #send(Pid, Pid,
 * Term)}; a sender that should go at a connection's pace waits on {@link #whenNotBusy}.
 */
public final class ErlangNode implements Extension {
  private static final Logger LOG = LoggerFactory.getLogger(ErlangNode.class);
  private static final Id ID = new Id();

  /** The extension's id. */
  public static final class Id extends ExtensionId<ErlangNode> {
    @Override
    public ErlangNode createExtension(ActorSystem<?> system) {
      return new ErlangNode(system);
    }
  }

  /** The node of {@code system}, started on first use. */
  public static ErlangNode get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  private final ActorSystem<?> system;
  private final PeerlSettings settings;
  private final String name;
  private final Atom nodeAtom;
  private final String cookie;
  private final Optional<DistTls> tls;
  private final EpmdClient epmd;
  private final ConnectionRegistry registry;
  private final ControlTrace trace;
  // Where a connection's waiting senders are woken (OutboundBytes), off its stream.
  private final Executor dispatcher;
  private final ProcessSignals signals = new ProcessSignals(this);
  private final ProcessStarter starter;
  private final RemoteSpawns spawns;
  private final SpawnRequests spawnRequests = new SpawnRequests(this, signals);
  private final InboundRouter router;
  private final Set<ActorRef<NodeEvent>> subscribers = ConcurrentHashMap.newKeySet();
  private final ActorRef<NodeGuardian.Command> guardian;
  private final CompletableFuture<Done> started = new CompletableFuture<>();
  private final AtomicLong connectionNumbers = new AtomicLong();
  private final InboundLimit inboundLimit;
  private final NodeLifecycle lifecycle;
  private volatile int creation;
  private volatile ProcessTable<LocalProcess> processes;
  private volatile HandshakeSettings handshakeSettings;
  private volatile Transport.Binding binding;
  private final Transport transport;

  private ErlangNode(ActorSystem<?> system) {
    this.system = system;
    this.settings = PeerlSettings.create(system);
    LocalIdentity identity = LocalIdentity.resolve(settings);
    this.name = identity.nodeName();
    this.nodeAtom = Atom.of(name);
    this.cookie = identity.cookie();
    // Read the key and certificates before listening: bad TLS settings stop the node here.
    this.tls =
        settings.tls().enabled() ? Optional.of(DistTls.create(settings.tls())) : Optional.empty();
    this.epmd = EpmdClient.create(system);
    this.registry = new ConnectionRegistry(name);
    this.trace = new ControlTrace(name, settings.distribution().traceControlMessages());
    this.dispatcher =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(ProcessStarter.DISPATCHER));
    this.inboundLimit = new InboundLimit(name, settings.distribution().maxInboundConnections());
    this.guardian =
        system.systemActorOf(NodeGuardian.create(subscribers), "peerl-node", Props.empty());
    this.transport =
        switch (settings.distribution().transport()) {
          case SOCKET ->
              new SocketTransport(
                  settings.distribution().netSetupTime(),
                  new SocketTransport.Pacing(
                      settings.distribution().readLinger(),
                      settings.distribution().smallFramesLinger(),
                      settings.distribution().smallFramesWindow(),
                      settings.distribution().answerPoll()));
          case PEKKO_TCP -> new PekkoTcpTransport(system);
        };
    this.lifecycle = new NodeLifecycle(system, settings, name, epmd, registry, transport);
    this.starter = new ProcessStarter(this, signals, lifecycle, this::table);
    this.spawns = new RemoteSpawns(this, signals, starter);
    this.router = new InboundRouter(this, signals, spawns, spawnRequests);
    lifecycle
        .start(this::accept)
        .thenCombine(starter.ready(), (up, ready) -> up)
        .whenComplete(
            (up, error) -> {
              if (error == null) {
                binding = up.binding();
                creation = up.creation();
                handshakeSettings =
                    HandshakeSettings.create(name, creation, cookie, settings.distribution());
                processes = new ProcessTable<>(nodeAtom, creation, LocalProcess::pid);
                LOG.info(
                    "[{}] node started: listening on {}{}, creation {}",
                    name,
                    binding.localAddress(),
                    tls.isPresent() ? " (TLS)" : "",
                    Integer.toUnsignedString(creation));
                started.complete(Done.getInstance());
              } else {
                LOG.error("[{}] node failed to start: {}", name, error.getMessage(), error);
                started.completeExceptionally(error);
              }
            });
  }

  private void accept(Transport.Incoming incoming) {
    if (lifecycle.stopping() || !started.isDone() || started.isCompletedExceptionally()) {
      LOG.debug(
          "[{}] incoming connection from {} closed: the node is not running",
          name,
          incoming.remoteAddress());
      incoming.refuse();
      return;
    }
    if (!inboundLimit.tryAcquire(incoming.remoteAddress())) {
      incoming.refuse();
      return;
    }
    Connection connection = newConnection(Connection.Direction.INBOUND, null);
    connection.terminated.whenComplete((done, error) -> inboundLimit.release());
    connection.provisionalName(incoming.remoteAddress().toString());
    connection.actor(
        system.systemActorOf(
            ConnectionActor.inbound(this, connection, incoming),
            "peerl-connection-in-" + connectionNumbers.incrementAndGet(),
            Props.empty()));
  }

  /** The sockets of this node's connections. */
  Transport transport() {
    return transport;
  }

  // ---- identity ----

  /** The trace of control messages, for this node's connections and router. */
  ControlTrace trace() {
    return trace;
  }

  /** This node's name, {@code name@host}. */
  public Atom nodeName() {
    return nodeAtom;
  }

  /**
   * The creation EPMD gave this node, which its pids carry.
   *
   * @throws IllegalStateException before {@link #started()} has completed
   */
  public int creation() {
    table();
    return creation;
  }

  /** Completes when the node listens and is registered with EPMD; fails if it cannot be. */
  public CompletionStage<Done> started() {
    return started.minimalCompletionStage();
  }

  /** The port distribution connections are accepted on. */
  public int port() {
    table();
    return binding.localAddress().getPort();
  }

  // ---- processes ----

  /**
   * Starts a process: an actor with the behavior {@code factory} makes, and a new pid.
   *
   * @throws IllegalStateException before {@link #started()} has completed
   */
  public ProcessRef spawn(Function<ProcessContext, Behavior<ProcessMessage>> factory) {
    return spawn(Optional.empty(), factory);
  }

  /**
   * Starts a process registered as {@code name}.
   *
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if the name is taken
   */
  public ProcessRef spawn(Atom name, Function<ProcessContext, Behavior<ProcessMessage>> factory) {
    return spawn(Optional.of(name), factory);
  }

  /** {@link #spawn(Atom, Function)} with the name as text. */
  public ProcessRef spawn(String name, Function<ProcessContext, Behavior<ProcessMessage>> factory) {
    return spawn(Atom.of(name), factory);
  }

  private ProcessRef spawn(
      Optional<Atom> registeredName, Function<ProcessContext, Behavior<ProcessMessage>> factory) {
    Objects.requireNonNull(factory, "factory");
    ProcessTable<LocalProcess> table = table();
    Pid pid = table.allocate();
    registeredName.ifPresent(n -> table.registerBeforeAdd(n, pid));
    return starter.start(pid, factory, process -> {});
  }

  /**
   * Serves the spawn requests of other nodes ({@code spawn/4}, {@code spawn_link/4}, {@code
   * spawn_request/5}, erpc) for {@code module:function/arity} with {@code handler}, replacing the
   * one registered before. Requests of a function with no handler spawn a process that exits at
   * once with {@code {undef, [{M, F, Args, []}]}}, as in Erlang. See {@code docs/runtime.md}.
   */
  public void registerSpawnHandler(Atom module, Atom function, int arity, SpawnHandler handler) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(handler, "handler");
    if (arity < 0 || arity > 255) {
      throw new IllegalArgumentException("an arity is 0 to 255, not " + arity);
    }
    spawns.register(module, function, arity, handler);
  }

  /** Removes the handler of {@code module:function/arity}; whether there was one. */
  public boolean unregisterSpawnHandler(Atom module, Atom function, int arity) {
    return spawns.unregister(module, function, arity);
  }

  /**
   * Registers a live local process under {@code name}, as {@code register/2}.
   *
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if the name is taken or the
   *     process has a name
   */
  public void register(Atom name, Pid pid) {
    table().register(name, pid);
  }

  /** Removes a registration; whether there was one. */
  public boolean unregister(Atom name) {
    return table().unregister(name);
  }

  /** The local pid registered as {@code name}. */
  public Optional<Pid> whereis(Atom name) {
    return table().whereis(name);
  }

  /**
   * The sizes of the node's tables of processes, names, aliases, links and monitors, for leak
   * checks and monitoring.
   */
  public TableSizes tableSizes() {
    ProcessTable<LocalProcess> table = table();
    return signals.sizes(table.size(), table.registeredCount());
  }

  /** The number of live local processes. */
  public int processCount() {
    return table().size();
  }

  // ---- sending ----

  /**
   * {@code To ! Message} with {@code from} as the sender: delivered at once to a local process, or
   * queued for the connection to {@code to}'s node, which opens if needed. Never blocks: a message
   * to a dead pid is dropped, as in Erlang (a pid of another incarnation of a node we are connected
   * to, one restarted under its name, is dropped here and logged at DEBUG), and a message that does
   * not fit the connection's outbound queue (in frames or in bytes) is dropped and counted (see
   * {@code docs/runtime.md}); {@link #isBusy} and {@link #whenNotBusy} let a sender wait instead.
   */
  public void send(Pid from, Pid to, Term message) {
    Objects.requireNonNull(message, "message");
    if (to.node().equals(nodeAtom)) {
      deliver(to, message);
    } else {
      Connection connection = remoteConnection(to);
      if (connection.ofAnotherIncarnation(to)) {
        // The incarnation we are connected to has no such process: it would drop the message.
        LOG.debug(
            "[{}] message to {}, a pid of another incarnation of that node, dropped",
            to.node(),
            to);
        return;
      }
      connection.send(new SendSender(from, to, message));
    }
  }

  /** {@code {Name, Node} ! Message} with {@code from} as the sender. */
  public void send(Pid from, Atom name, Atom toNode, Term message) {
    Objects.requireNonNull(message, "message");
    if (toNode.equals(nodeAtom)) {
      deliver(name, message);
    } else {
      remoteConnection(toNode).send(new RegSend(from, name, message));
    }
  }

  /**
   * Whether a sender should wait before its next send to {@code node}, as erl suspends a process
   * that sends to a busy distribution channel: the connection to {@code node} has more than {@code
   * peerl.distribution.outbound-busy-limit} bytes of messages waiting for its socket (or is being
   * set up with messages waiting for it). False for this node, for a node with no connection and
   * for a closed connection. Cheap enough to ask before every send; see {@link #whenNotBusy}.
   */
  public boolean isBusy(Atom node) {
    if (node.equals(nodeAtom)) {
      return false;
    }
    Connection connection = registry.get(node.name());
    return connection != null && connection.isBusy();
  }

  /**
   * Completes when sends to {@code node} need not wait ({@link #isBusy} is false): at once if they
   * need not now, else when the connection's waiting bytes have fallen to half of {@code
   * outbound-busy-limit} (so that a sender is not woken for every message the socket takes), or it
   * has come up, or it has closed (a send to a node whose connection closed dials it again). Never
   * fails. The way for a sender to go at the socket's pace without blocking a thread:
   *
   * <pre>{@code
   * while (next < count) {
   *   if (node.isBusy(peer)) {
   *     node.whenNotBusy(peer).thenRun(() -> ctx.send(ctx.self(), RESUME)); // continue later
   *     return Behaviors.same();
   *   }
   *   ctx.send(Atom.of("sink"), peer, message(next++));
   * }
   * }</pre>
   *
   * It completes on the node's dispatcher, not in the connection's stream. A sender that ignores it
   * is not slowed down: its sends beyond {@code outbound-queue-bytes} are dropped.
   */
  public CompletionStage<Done> whenNotBusy(Atom node) {
    Connection connection = node.equals(nodeAtom) ? null : registry.get(node.name());
    return connection == null
        ? CompletableFuture.completedStage(Done.getInstance())
        : connection.whenNotBusy();
  }

  /**
   * Opens the connection to {@code node} if there is none; completes when it is up, fails when it
   * cannot be set up (unknown node, refused handshake such as a wrong cookie, timeout).
   */
  public CompletionStage<Done> connect(Atom node) {
    if (node.equals(nodeAtom)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return remoteConnection(node).established.minimalCompletionStage();
  }

  /** Closes the connection to {@code node}, if any; completes when it is closed. */
  public CompletionStage<Done> disconnect(Atom node) {
    Connection connection = registry.get(node.name());
    if (connection == null) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    ConnectionActor.close(connection, "disconnected by this node");
    return connection.terminated.minimalCompletionStage();
  }

  /**
   * The connection for a message or signal to {@code pid}: the one to its node, or, when that one
   * is up with another incarnation of the node and the pid's own incarnation is in its handshake to
   * replace it (a restarted node dialled us again), the replacing one. Without this, a reply to a
   * message that arrived on the new connection could go out on the old one in the moment between
   * the new handshake's end and the switch.
   */
  Connection remoteConnection(Pid pid) {
    Connection connection = remoteConnection(pid.node());
    if (connection.ofAnotherIncarnation(pid)) {
      String peer = pid.node().name();
      Connection replacement = registry.replacement(peer);
      if (replacement != null) {
        return replacement;
      }
      // The replacement may have come up between the two reads: the table names it by now.
      Connection current = registry.get(peer);
      if (current != null) {
        return current;
      }
    }
    return connection;
  }

  /** The connection to {@code node}, dialled if there is none. */
  Connection remoteConnection(Atom node) {
    table();
    if (lifecycle.stopping()) {
      throw new IllegalStateException("node " + name + " is shutting down");
    }
    String peer = node.name();
    Connection existing = registry.get(peer);
    return existing != null ? existing : registry.getOrDial(peer, this::dial);
  }

  // Runs only when there is no connection yet: the name is checked once, not at every send.
  private Connection dial(String peer) {
    NodeNames.check(peer);
    Connection connection = newConnection(Connection.Direction.OUTBOUND, peer);
    connection.actor(
        system.systemActorOf(
            ConnectionActor.outbound(this, connection),
            "peerl-connection-out-"
                + connectionNumbers.incrementAndGet()
                + "-"
                + URLEncoder.encode(peer, StandardCharsets.UTF_8),
            Props.empty()));
    return connection;
  }

  private Connection newConnection(Connection.Direction direction, String peer) {
    DistributionSettings distribution = settings.distribution();
    return new Connection(
        direction,
        peer,
        distribution.outboundQueueSize(),
        new OutboundBytes(
            distribution.outboundQueueBytes(), distribution.outboundBusyLimit(), dispatcher),
        trace);
  }

  // ---- links, exits and monitors (see ProcessContext, which most code uses) ----

  /** {@code link(Other)} by local process {@code self}. */
  public void link(Pid self, Pid other) {
    signals.link(self, other);
  }

  /** {@code unlink(Other)} by local process {@code self}. */
  public void unlink(Pid self, Pid other) {
    signals.unlink(self, other);
  }

  /** {@code process_flag(trap_exit, Trap)} of local process {@code self}. */
  public void trapExit(Pid self, boolean trap) {
    signals.trapExit(self, trap);
  }

  /** {@code exit(To, Reason)} sent by {@code from}: local or remote (EXIT2). */
  public void exit(Pid from, Pid to, Term reason) {
    Objects.requireNonNull(reason, "reason");
    signals.exit(from, to, reason);
  }

  /** Stops local process {@code self} with {@code reason}, after the message in hand. */
  public void stop(Pid self, Term reason) {
    Objects.requireNonNull(reason, "reason");
    signals.stop(self, reason);
  }

  /** {@code erlang:monitor(process, Target)} by {@code self}. */
  public Ref monitor(Pid self, Pid target) {
    return signals.monitor(self, target);
  }

  /** {@code erlang:monitor(process, {Name, Node})} by {@code self}. */
  public Ref monitor(Pid self, Atom name, Atom onNode) {
    return signals.monitor(self, name, onNode);
  }

  /** {@code erlang:demonitor(Ref)} by {@code self}; whether the monitor was active. */
  public boolean demonitor(Pid self, Ref ref) {
    return signals.demonitor(self, ref, false);
  }

  /**
   * {@code erlang:demonitor(Ref, [flush])} by {@code self}: as {@link #demonitor(Pid, Ref)}, and a
   * {@code Down} of that monitor already on its way to the process is dropped, never handled.
   */
  public boolean demonitorAndFlush(Pid self, Ref ref) {
    return signals.demonitor(self, ref, true);
  }

  /**
   * {@code erlang:spawn_request(Node, Module, Function, Args, Options)} by {@code self}: completes
   * with the new process's pid, or fails with {@link SpawnException} (the node's error, or {@code
   * noconnection}). The new process's group leader is {@code self}'s, or {@code self} if it has
   * none. See {@link ProcessContext#spawnRequest}.
   */
  public CompletionStage<Pid> spawnRequest(
      Pid self, Atom onNode, Atom module, Atom function, List<Term> args, SpawnOption... options) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    if (onNode.equals(nodeAtom)) {
      throw new IllegalArgumentException(
          "a spawn request goes to another node; spawn local processes with spawn");
    }
    return spawnRequests.request(
        self, onNode, module, function, List.copyOf(args), Set.of(options));
  }

  // ---- aliases ----

  /**
   * {@code erlang:alias()} by {@code self}: an alias active until unaliased or {@code self} stops.
   */
  public Ref alias(Pid self) {
    return signals.alias(self, AliasMode.EXPLICIT_UNALIAS);
  }

  /** {@code erlang:alias([Mode])} by {@code self}. */
  public Ref alias(Pid self, AliasMode mode) {
    return signals.alias(self, Objects.requireNonNull(mode, "mode"));
  }

  /** {@code erlang:unalias(Alias)} by {@code self}: whether it was one of its active aliases. */
  public boolean unalias(Pid self, Ref alias) {
    return signals.unalias(self, alias);
  }

  /**
   * {@code Alias ! Message} with {@code from} as the sender: delivered to the owner of an alias of
   * this node if it is active, else dropped (as Erlang drops it); an alias of another node gets an
   * ALIAS_SEND over the connection to that node, opened if needed.
   */
  public void send(Pid from, Ref alias, Term message) {
    Objects.requireNonNull(message, "message");
    if (alias.node().equals(nodeAtom)) {
      signals.deliver(alias, message);
    } else {
      remoteConnection(alias.node()).send(new AliasSend(from, alias, message));
    }
  }

  // ---- group leaders ----

  /**
   * The group leader of local process {@code self}, if it has one (see {@code docs/runtime.md}).
   */
  public Optional<Pid> groupLeader(Pid self) {
    return signals.groupLeader(self);
  }

  /**
   * {@code group_leader(Leader, Pid)}: sets the group leader of {@code pid}, a local process or one
   * of another node (GROUP_LEADER); nothing happens if {@code pid} does not exist.
   */
  public void groupLeader(Pid leader, Pid pid) {
    signals.groupLeader(Objects.requireNonNull(leader, "leader"), pid);
  }

  /** A new reference of this node, unique in its incarnation ({@code make_ref()}). */
  public Ref makeRef() {
    table();
    return signals.newRef();
  }

  // ---- nodes ----

  /** Sends {@link NodeEvent}s to {@code subscriber} until it stops or {@link #demonitorNodes}. */
  public void monitorNodes(ActorRef<NodeEvent> subscriber) {
    if (subscribers.add(subscriber)) {
      guardian.tell(new NodeGuardian.WatchSubscriber(subscriber));
    }
  }

  public void demonitorNodes(ActorRef<NodeEvent> subscriber) {
    subscribers.remove(subscriber);
  }

  /** The nodes with a connection that is up. */
  public Set<Atom> connectedNodes() {
    return registry.all().stream()
        .filter(Connection::isUp)
        .map(Connection::peerAtom)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The counters of the connection to {@code node}, while there is one. */
  public Optional<ConnectionStats> connectionStats(Atom node) {
    return Optional.ofNullable(registry.get(node.name())).map(Connection::stats);
  }

  // ---- for the connections ----

  ActorSystem<?> system() {
    return system;
  }

  PeerlSettings settings() {
    return settings;
  }

  EpmdClient epmd() {
    return epmd;
  }

  ConnectionRegistry registry() {
    return registry;
  }

  InboundLimit inboundLimit() {
    return inboundLimit;
  }

  ProcessSignals signals() {
    return signals;
  }

  InboundRouter router() {
    return router;
  }

  HandshakeSettings handshakeSettings() {
    return handshakeSettings;
  }

  /** The TLS layer of every connection, if {@code peerl.tls.enabled}. */
  Optional<DistTls> tls() {
    return tls;
  }

  /** The links, monitors and spawn requests with {@code peer} break: it is down. */
  void nodeDown(Atom peer) {
    signals.nodeDown(peer);
    spawnRequests.nodeDown(peer);
  }

  void publish(NodeEvent event) {
    for (ActorRef<NodeEvent> subscriber : subscribers) {
      subscriber.tell(event);
    }
  }

  /** Delivers to a local pid; false when it does not exist (another incarnation's included). */
  boolean deliver(Pid to, Term message) {
    if (!to.node().equals(nodeAtom) || to.creation() != creation) {
      return false;
    }
    Optional<LocalProcess> process = table().lookup(to);
    return process.isPresent() && process.get().tell(new ProcessMessage.Message(message));
  }

  /** Delivers to a locally registered name; false when nothing is registered under it. */
  boolean deliver(Atom registeredName, Term message) {
    ProcessTable<LocalProcess> table = table();
    Optional<LocalProcess> process = table.whereis(registeredName).flatMap(table::lookup);
    return process.isPresent() && process.get().tell(new ProcessMessage.Message(message));
  }

  /** Whether a local pid or registered name exists. */
  boolean exists(Term pidOrName) {
    ProcessTable<LocalProcess> table = table();
    if (pidOrName instanceof Pid pid) {
      return pid.node().equals(nodeAtom)
          && pid.creation() == creation
          && table.lookup(pid).isPresent();
    }
    return pidOrName instanceof Atom registeredName && table.whereis(registeredName).isPresent();
  }

  /** The node's processes; throws before the node has started. */
  ProcessTable<LocalProcess> table() {
    ProcessTable<LocalProcess> table = processes;
    if (table == null) {
      throw new IllegalStateException(
          "node " + name + " has not started yet: await ErlangNode.started()");
    }
    return table;
  }

  @Override
  public String toString() {
    return "ErlangNode[" + name + "]";
  }
}
