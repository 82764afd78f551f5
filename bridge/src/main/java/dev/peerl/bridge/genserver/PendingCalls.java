package dev.peerl.bridge.genserver;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code gen_server} calls one process has under way, as {@code gen:do_call} makes them:
 * monitor the server, send {@code {'$gen_call', {Self, Mref}, Request}}, then wait for {@code
 * {Mref, Reply}}, the monitor's DOWN or the timeout, and demonitor. Instead of blocking, each call
 * is a future that {@link #handle} completes when the process receives the matching message.
 *
 * <p>Not thread-safe: {@link #call} and {@link #handle} run in the owning process's turn (its
 * behavior, or the one actor that makes its calls), which is also what makes the order right: a
 * DOWN the monitor causes at once ({@code noproc} for a local name) lands in the mailbox and is
 * handled after the call is registered. The timeout is a message the process sends itself, so every
 * completion happens in the process's turn too.
 *
 * <p>At most {@code maxPending} calls are under way: one more fails at once with {@link
 * TooManyCallsException}, before anything is sent.
 */
final class PendingCalls {
  /** Tags of calls that timed out, kept to drop their late replies; bounded. */
  private static final int LATE_TAGS = 1024;

  /**
   * Timeouts from this long wait without a timer, as {@code infinity}: Pekko's scheduler refuses
   * delays beyond {@code tick-duration * Integer.MAX_VALUE} ticks, and 2^31 - 1 ms is within that
   * for any tick it allows (1 ms or more).
   */
  static final Duration LONGEST_TIMER = Duration.ofMillis(Integer.MAX_VALUE);

  private static final Cancellable NO_TIMER =
      new Cancellable() {
        @Override
        public boolean cancel() {
          return false;
        }

        @Override
        public boolean isCancelled() {
          return false;
        }
      };

  private record Pending(
      ServerRef server, Duration timeout, CompletableFuture<Term> result, Cancellable timer) {}

  private final ErlangNode node;
  private final ActorSystem<?> system;
  private final Pid owner;
  private final int maxPending;
  private final Map<Ref, Pending> pending = new HashMap<>();
  private final Map<Ref, Boolean> timedOut =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Ref, Boolean> eldest) {
          return size() > LATE_TAGS;
        }
      };

  PendingCalls(ErlangNode node, ActorSystem<?> system, Pid owner, int maxPending) {
    this.node = node;
    this.system = system;
    this.owner = owner;
    this.maxPending = maxPending;
  }

  /** {@code peerl.bridge.max-pending-calls} of {@code system}'s configuration. */
  static int maxPendingCalls(ActorSystem<?> system) {
    return system.settings().config().getInt("peerl.bridge.max-pending-calls");
  }

  /** The calls under way. */
  int size() {
    return pending.size();
  }

  /** Starts a call; the stage completes in the owner's turn. */
  CompletionStage<Term> call(ServerRef server, Term request, Duration timeout) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(request, "request");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative call timeout: " + timeout);
    }
    CompletableFuture<Term> result = new CompletableFuture<>();
    if (pending.size() >= maxPending) {
      result.completeExceptionally(new TooManyCallsException(server, maxPending));
      return result;
    }
    Ref mref;
    try {
      mref = GenMessages.monitor(node, owner, server);
      GenMessages.send(node, owner, server, GenMessages.call(owner, mref, request));
    } catch (RuntimeException e) {
      // A malformed node name, a node shutting down: nothing was sent that can answer.
      result.completeExceptionally(e);
      return result;
    }
    pending.put(mref, new Pending(server, timeout, result, timer(mref, timeout)));
    return result;
  }

  private Cancellable timer(Ref mref, Duration timeout) {
    if (timeout.compareTo(LONGEST_TIMER) >= 0) {
      return NO_TIMER;
    }
    Tuple timeoutMessage = Tuple.of(GenMessages.CALL_TIMEOUT, mref);
    return system
        .scheduler()
        .scheduleOnce(
            timeout, () -> node.send(owner, owner, timeoutMessage), system.executionContext());
  }

  /**
   * Whether {@code message} belonged to one of the calls (a reply, a DOWN, a timeout): consumed.
   */
  boolean handle(ProcessMessage message) {
    if (message instanceof ProcessMessage.Message m && m.body() instanceof Tuple t) {
      if (t.arity() == 2 && t.get(0) instanceof Ref tag) {
        return reply(tag, t.get(1));
      }
      if (t.isTagged(GenMessages.CALL_TIMEOUT, 2) && t.get(1) instanceof Ref tag) {
        timeout(tag);
        return true;
      }
      return false;
    }
    if (message instanceof ProcessMessage.Down down) {
      Pending call = pending.remove(down.ref());
      if (call == null) {
        return false;
      }
      call.timer().cancel();
      call.result().completeExceptionally(failure(call.server(), down.reason()));
      return true;
    }
    return false;
  }

  /** Fails the calls still waiting (the owner is stopping); their late replies go nowhere. */
  void abandon() {
    for (Pending call : pending.values()) {
      call.timer().cancel();
      call.result().completeExceptionally(new CancellationException("the calling process stopped"));
    }
    pending.clear();
  }

  private boolean reply(Ref tag, Term reply) {
    Pending call = pending.remove(tag);
    if (call == null) {
      return timedOut.remove(tag) != null;
    }
    call.timer().cancel();
    node.demonitor(owner, tag);
    call.result().complete(reply);
    return true;
  }

  private void timeout(Ref tag) {
    Pending call = pending.remove(tag);
    if (call != null) {
      node.demonitor(owner, tag);
      timedOut.put(tag, Boolean.TRUE);
      call.result().completeExceptionally(new CallTimeoutException(call.server(), call.timeout()));
    }
  }

  private static CallException failure(ServerRef server, Term reason) {
    if (ExitReason.NOPROC.equals(reason)) {
      return new NoProcException(server);
    }
    if (ExitReason.NOCONNECTION.equals(reason)) {
      return new NodeDownException(server);
    }
    return new CallExitException(server, reason);
  }
}
