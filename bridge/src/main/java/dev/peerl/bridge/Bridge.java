package dev.peerl.bridge;

import dev.peerl.bridge.genserver.GenServerClient;
import dev.peerl.bridge.netkernel.NetKernel;
import dev.peerl.bridge.pg.PgScope;
import dev.peerl.bridge.rpc.Rpc;
import dev.peerl.runtime.node.ErlangNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTP's conventions for the node of an actor system: {@code Bridge.get(system)} starts the {@link
 * ErlangNode} if needed and, once it has started, the system processes Erlang nodes expect to find
 * on a peer ({@code net_kernel}, so that {@code net_adm:ping} answers {@code pong}; {@code rex} and
 * the erpc handlers, so that {@code rpc:call} reaches Java functions; a {@code pg} scope) and the
 * shared {@link GenServerClient} Java code calls {@code gen_server}s with.
 *
 * <pre>{@code
 * Bridge bridge = Bridge.get(system);
 * bridge.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
 * bridge.genServers().call(ServerRef.of("kvs", erlNode), request, Duration.ofSeconds(5));
 * }</pre>
 */
public final class Bridge implements Extension {
  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
  private static final Id ID = new Id();

  /** The extension's id. */
  public static final class Id extends ExtensionId<Bridge> {
    @Override
    public Bridge createExtension(ActorSystem<?> system) {
      return new Bridge(system);
    }
  }

  /** The bridge of {@code system}, started (with its node) on first use. */
  public static Bridge get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  private final ActorSystem<?> system;
  private final BridgeSettings settings;
  private final ErlangNode node;
  private final CompletableFuture<Done> started = new CompletableFuture<>();
  private volatile GenServerClient genServers;
  private volatile Rpc rpc;
  private volatile PgScope pg;

  private Bridge(ActorSystem<?> system) {
    this.system = system;
    this.settings = BridgeSettings.create(system.settings().config());
    this.node = ErlangNode.get(system);
    node.started()
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                started.completeExceptionally(error);
                return;
              }
              try {
                startServices();
                started.complete(done);
              } catch (RuntimeException e) {
                LOG.error("[{}] the bridge's processes failed to start", node.nodeName(), e);
                started.completeExceptionally(e);
              }
            });
  }

  /**
   * The node's system processes, in the order they start. Each service is its own class with a
   * static {@code start(ErlangNode ...)} and, when it can be turned off, a setting in {@code
   * peerl.bridge}.
   */
  private void startServices() {
    genServers =
        GenServerClient.start(
            system,
            node,
            "peerl-gen-server-client",
            settings.callTimeout(),
            settings.maxPendingCalls());
    if (settings.netKernel()) {
      NetKernel.start(node);
    }
    if (settings.rpc()) {
      rpc = Rpc.install(node, settings.maxPendingCalls());
    }
    if (settings.pg()) {
      pg = PgScope.start(node, settings.pgScope());
    }
  }

  /** Completes when the node and the bridge's processes have started. */
  public CompletionStage<Done> started() {
    return started.minimalCompletionStage();
  }

  /** The node this bridge serves. */
  public ErlangNode node() {
    return node;
  }

  /** The settings read from {@code peerl.bridge}. */
  public BridgeSettings settings() {
    return settings;
  }

  /**
   * The node's client for calling and casting to {@code gen_server}s.
   *
   * @throws IllegalStateException before {@link #started()} has completed
   */
  public GenServerClient genServers() {
    GenServerClient client = genServers;
    if (client == null) {
      throw new IllegalStateException(
          "the bridge of " + node.nodeName() + " has not started yet: await Bridge.started()");
    }
    return client;
  }

  /**
   * rpc both ways: the Java modules Erlang calls with {@code rpc:call}/{@code erpc:call}, and
   * {@code rpc:call} from Java.
   *
   * @throws IllegalStateException before {@link #started()} has completed, or when {@code
   *     peerl.bridge.rpc.enabled} is off
   */
  public Rpc rpc() {
    return running(rpc, "rpc", "peerl.bridge.rpc.enabled");
  }

  /**
   * The node's pg scope ({@code peerl.bridge.pg.scope}, OTP's default {@code pg}).
   *
   * @throws IllegalStateException before {@link #started()} has completed, or when {@code
   *     peerl.bridge.pg.enabled} is off
   */
  public PgScope pg() {
    return running(pg, "pg", "peerl.bridge.pg.enabled");
  }

  private <T> T running(T service, String what, String setting) {
    if (service != null) {
      return service;
    }
    if (started.isDone()) {
      throw new IllegalStateException(
          "the bridge of " + node.nodeName() + " runs no " + what + ": " + setting + " is off");
    }
    throw new IllegalStateException(
        "the bridge of " + node.nodeName() + " has not started yet: await Bridge.started()");
  }

  @Override
  public String toString() {
    return "Bridge[" + node.nodeName() + "]";
  }
}
