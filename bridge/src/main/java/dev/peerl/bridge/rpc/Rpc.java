package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * rpc both ways on one node. Erlang nodes call the Java functions registered in {@link #modules()}
 * ({@code rpc:call}, {@code erpc:call}, {@code rpc:block_call}, ...); Java calls functions on
 * Erlang nodes with {@link #call}.
 *
 * <pre>{@code
 * Rpc rpc = Rpc.install(node);
 * rpc.modules().register("demo", "echo", x -> x);           // erl: rpc:call(JavaNode, demo, echo, [hi])
 * Term len = rpc.call(erlNode, Atom.of("erlang"), Atom.of("length"),
 *         List.of(ErlList.of(Int.of(1))), Duration.ofSeconds(5))
 *     .toCompletableFuture().get();                          // 1
 * }</pre>
 *
 * {@link #install} serves erpc (spawn requests of {@code erpc:execute_call/4} and {@code
 * execute_cast/3}, which {@code rpc:call}, {@code rpc:cast} and {@code erpc} use on OTP 25+),
 * starts the registered process {@code rex} (OTP's classic rpc server: {@code rpc:block_call} and
 * older nodes) and the process that makes this node's calls. See {@code docs/bridge.md}.
 */
public final class Rpc {
  /**
   * The calls under way {@link #install(ErlangNode)} allows: peerl.bridge.max-pending-calls's
   * default.
   */
  public static final int DEFAULT_MAX_PENDING_CALLS = 100_000;

  private final ErlangNode node;
  private final RpcModules modules;
  private final RpcClient client;

  private Rpc(ErlangNode node, RpcModules modules, RpcClient client) {
    this.node = node;
    this.modules = modules;
    this.client = client;
  }

  /**
   * Starts rpc on a started {@code node}: the erpc handlers, the {@code rex} server and the calling
   * process.
   *
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if {@code rex} is registered
   * @throws IllegalStateException if the node has not started
   */
  public static Rpc install(ErlangNode node) {
    return install(node, DEFAULT_MAX_PENDING_CALLS);
  }

  /**
   * Starts rpc on a started {@code node}, as {@link #install(ErlangNode)}, with at most {@code
   * maxPendingCalls} calls from Java under way at once ({@code peerl.bridge.max-pending-calls} when
   * the {@link dev.peerl.bridge.Bridge} installs it): one more fails at once with {@link
   * RpcTooManyCallsException}.
   *
   * @throws IllegalArgumentException if {@code maxPendingCalls} is not positive
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if {@code rex} is registered
   * @throws IllegalStateException if the node has not started
   */
  public static Rpc install(ErlangNode node, int maxPendingCalls) {
    Objects.requireNonNull(node, "node");
    if (maxPendingCalls < 1) {
      throw new IllegalArgumentException("maxPendingCalls must be positive: " + maxPendingCalls);
    }
    RpcModules modules = new RpcModules();
    // rex first: a node that has one already fails here, before anything else changed. Serving
    // erpc is what OTP's rex announces with [erpc] (rpc.erl's nodes observer).
    RexServer.start(node, modules, () -> ErlList.of(ErpcServer.ERPC));
    ErpcServer.install(node, modules);
    return new Rpc(node, modules, new RpcClient(node, maxPendingCalls));
  }

  /** The Java functions Erlang nodes can call on this node. */
  public RpcModules modules() {
    return modules;
  }

  /** The calls from Java ({@link #call}) under way. */
  public int pendingCalls() {
    return client.size();
  }

  /** The node rpc runs on. */
  public ErlangNode node() {
    return node;
  }

  /**
   * {@code rpc:call(Node, Module, Function, Args, Timeout)}: applies the function on {@code toNode}
   * through its {@code rex} server and completes with the value. It fails with an {@link
   * RpcException}: {@link BadRpcException} for a {@code {badrpc, Reason}} answer (the function
   * exited, raised an error or is undefined), {@link RpcNodeDownException} when the node is or goes
   * down, {@link RpcNoProcException} when it runs no {@code rex}, {@link RpcTimeoutException} after
   * {@code timeout}, {@link RpcTooManyCallsException} at once when the calls under way are at the
   * limit (nothing is sent). A thrown value is the result, as in {@code rpc:call}.
   *
   * @throws IllegalArgumentException if {@code toNode} is not a node name or the timeout is not
   *     positive
   */
  public CompletionStage<Term> call(
      Atom toNode, Atom module, Atom function, List<Term> args, Duration timeout) {
    return client.call(toNode, module, function, args, timeout);
  }

  /** {@link #call(Atom, Atom, Atom, List, Duration)} with the module and function as text. */
  public CompletionStage<Term> call(
      Atom toNode, String module, String function, List<Term> args, Duration timeout) {
    return call(toNode, Atom.of(module), Atom.of(function), args, timeout);
  }

  /**
   * {@code rpc:cast} through {@code rex}: applies the function on {@code toNode} and forgets it.
   * Failures are logged there, not here.
   */
  public void cast(Atom toNode, Atom module, Atom function, List<Term> args) {
    client.cast(toNode, module, function, args);
  }
}
