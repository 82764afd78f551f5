package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Java calling Erlang through the remote node's {@code rex}, as {@code rpc:block_call} does on the
 * wire: one process of this node makes every call, each a {@code gen_server:call({rex, Node},
 * {call, M, F, A, user}, Timeout)} tagged with the reference of a monitor on {@code {rex, Node}},
 * so a missing server ({@code noproc}) or a lost node ({@code noconnection}) ends the call at once.
 * At most {@code maxPending} calls are under way: one more fails at once with {@link
 * RpcTooManyCallsException}, before anything is sent.
 */
final class RpcClient {
  private static final Atom GEN_CALL = Atom.of("$gen_call");
  private static final Atom GEN_CAST = Atom.of("$gen_cast");
  private static final Atom CALL = Atom.of("call");
  private static final Atom CAST = Atom.of("cast");

  /** rex's group leader for callers without Erlang I/O: the remote node's {@code user}. */
  private static final Atom USER = Atom.of("user");

  private record Pending(Atom node, Duration timeout, CompletableFuture<Term> result) {}

  private final ErlangNode node;
  private final Pid self;
  private final int maxPending;
  private final Map<Ref, Pending> pending = new ConcurrentHashMap<>();
  // Held while a call monitors and records itself, and while an answer is matched to its call: a
  // DOWN that came back at once must find the call recorded.
  private final Object lock = new Object();

  /** Starts the calling process on {@code node}, which may have {@code maxPending} calls. */
  RpcClient(ErlangNode node, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPendingCalls must be positive: " + maxPending);
    }
    this.node = node;
    this.maxPending = maxPending;
    this.self = node.spawn(ctx -> behavior()).pid();
  }

  private Behavior<ProcessMessage> behavior() {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              onMessage(m.body());
              return Behaviors.same();
            })
        .onMessage(
            ProcessMessage.Down.class,
            d -> {
              onDown(d.ref(), d.reason());
              return Behaviors.same();
            })
        .build();
  }

  CompletionStage<Term> call(
      Atom toNode, Atom module, Atom function, List<Term> args, Duration timeout) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(args, "args");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    CompletableFuture<Term> result = new CompletableFuture<>();
    Ref ref;
    synchronized (lock) {
      if (pending.size() >= maxPending) {
        result.completeExceptionally(new RpcTooManyCallsException(toNode, maxPending));
        return result;
      }
      ref = node.monitor(self, RexServer.REX, toNode);
      pending.put(ref, new Pending(toNode, timeout, result));
    }
    Term request = Tuple.of(CALL, module, function, ErlList.of(args), USER);
    node.send(self, RexServer.REX, toNode, Tuple.of(GEN_CALL, Tuple.of(self, ref), request));
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .execute(() -> onTimeout(ref));
    return result;
  }

  /** The calls under way. */
  int size() {
    return pending.size();
  }

  void cast(Atom toNode, Atom module, Atom function, List<Term> args) {
    Term request = Tuple.of(CAST, module, function, ErlList.of(args), USER);
    node.send(self, RexServer.REX, toNode, Tuple.of(GEN_CAST, request));
  }

  private Pending take(Ref ref) {
    synchronized (lock) {
      return pending.remove(ref);
    }
  }

  private void onMessage(Term body) {
    if (body instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Ref ref) {
      Pending call = take(ref);
      if (call == null) {
        return; // the answer to a call that timed out
      }
      node.demonitor(self, ref);
      Term reply = t.get(1);
      if (reply instanceof Tuple r && r.isTagged(Outcome.BADRPC, 2)) {
        call.result().completeExceptionally(new BadRpcException(call.node(), r.get(1)));
      } else {
        call.result().complete(reply);
      }
    }
  }

  private void onDown(Ref ref, Term reason) {
    Pending call = take(ref);
    if (call == null) {
      return;
    }
    RpcException failure;
    if (ExitReason.NOCONNECTION.equals(reason)) {
      failure = new RpcNodeDownException(call.node());
    } else if (ExitReason.NOPROC.equals(reason)) {
      failure = new RpcNoProcException(call.node());
    } else {
      failure = new BadRpcException(call.node(), Tuple.of(Outcome.EXIT_TAG, reason));
    }
    call.result().completeExceptionally(failure);
  }

  private void onTimeout(Ref ref) {
    Pending call = take(ref);
    if (call == null) {
      return;
    }
    node.demonitor(self, ref);
    call.result().completeExceptionally(new RpcTimeoutException(call.node(), call.timeout()));
  }
}
