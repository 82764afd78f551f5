package dev.peerl.bridge.genserver;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code gen_server:call} and {@code gen_server:cast} from any Java code, to any {@code
 * gen_server}: Erlang's, Elixir's or a Java {@link GenServer}, on any node. The calls are made by
 * one hidden process of the node (not registered), so the servers see its pid as the caller. Get
 * the node's client from {@code Bridge.get(system).genServers()}.
 *
 * <pre>{@code
 * GenServerClient client = Bridge.get(system).genServers();
 * client.call(ServerRef.of("kvs", erlNode), Tuple.of(Atom.of("get"), key), Duration.ofSeconds(5))
 *     .thenAccept(value -> ...);
 * }</pre>
 *
 * Each call monitors the server first, as {@code gen:call} does, so a missing server fails the call
 * at once ({@link NoProcException}), and so do a server that exits before replying ({@link
 * CallExitException}) and its node going down ({@link NodeDownException}); otherwise it fails with
 * {@link CallTimeoutException} after the timeout, and a late reply is dropped. Calls and casts
 * reach one server in the order they were made from one thread. At most {@code
 * peerl.bridge.max-pending-calls} calls are under way at once: one more fails at once with {@link
 * TooManyCallsException}, so a caller that outruns its servers meets a limit, not a growing queue.
 *
 * <p>The stages complete in the client's actor: keep their callbacks short and non-blocking, or use
 * the {@code ...Async} variants.
 */
public final class GenServerClient {
  /**
   * {@code infinity} as a call timeout: the call waits for the reply, the server's exit or its node
   * going down, however long that takes. Any timeout of 2^31 - 1 ms (about 24.8 days) or more means
   * the same.
   */
  public static final Duration INFINITY = ChronoUnit.FOREVER.getDuration();

  private sealed interface Command {}

  private record Call(
      ServerRef server, Term request, Duration timeout, CompletableFuture<Term> result)
      implements Command {}

  private record Cast(ServerRef server, Term message) implements Command {}

  private record Inbound(ProcessMessage message) implements Command {}

  private final ErlangNode node;
  private final Pid pid;
  private final ActorRef<Command> actor;
  private final Duration defaultTimeout;
  private final int maxPendingCalls;
  // Counted in the callers' threads, before the actor's mailbox: the mailbox is bounded too.
  private final AtomicInteger underWay;

  private GenServerClient(
      ErlangNode node,
      Pid pid,
      ActorRef<Command> actor,
      Duration defaultTimeout,
      int maxPendingCalls,
      AtomicInteger underWay) {
    this.node = node;
    this.pid = pid;
    this.actor = actor;
    this.defaultTimeout = defaultTimeout;
    this.maxPendingCalls = maxPendingCalls;
    this.underWay = underWay;
  }

  /**
   * Starts a client on {@code node}, a started node of {@code system}, with the limit of calls
   * under way from {@code peerl.bridge.max-pending-calls}.
   */
  public static GenServerClient start(
      ActorSystem<?> system, ErlangNode node, String name, Duration defaultTimeout) {
    return start(system, node, name, defaultTimeout, PendingCalls.maxPendingCalls(system));
  }

  /**
   * Starts a client on {@code node}, a started node of {@code system}: its caller process and the
   * actor that owns the calls, which may have {@code maxPendingCalls} under way at once. {@code
   * Bridge} starts the node's shared one.
   */
  public static GenServerClient start(
      ActorSystem<?> system,
      ErlangNode node,
      String name,
      Duration defaultTimeout,
      int maxPendingCalls) {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    if (maxPendingCalls < 1) {
      throw new IllegalArgumentException("maxPendingCalls must be positive: " + maxPendingCalls);
    }
    AtomicInteger underWay = new AtomicInteger();
    // Nobody knows the process's pid before this returns, so nothing arrives before owner is set.
    AtomicReference<ActorRef<Command>> owner = new AtomicReference<>();
    ProcessRef process =
        node.spawn(
            ctx ->
                Behaviors.receive(ProcessMessage.class)
                    .onAnyMessage(
                        message -> {
                          owner.get().tell(new Inbound(message));
                          return Behaviors.same();
                        })
                    .build());
    owner.set(
        system.systemActorOf(
            caller(system, node, process.pid(), maxPendingCalls, underWay), name, Props.empty()));
    return new GenServerClient(
        node, process.pid(), owner.get(), defaultTimeout, maxPendingCalls, underWay);
  }

  private static Behavior<Command> caller(
      ActorSystem<?> system, ErlangNode node, Pid pid, int maxPending, AtomicInteger underWay) {
    return Behaviors.setup(
        context -> {
          PendingCalls calls = new PendingCalls(node, system, pid, maxPending);
          return Behaviors.receive(Command.class)
              .onMessage(
                  Call.class,
                  call -> {
                    calls
                        .call(call.server(), call.request(), call.timeout())
                        .whenComplete(
                            (reply, failure) -> {
                              // Before the caller's callbacks run, so that they can call again.
                              underWay.decrementAndGet();
                              if (failure == null) {
                                call.result().complete(reply);
                              } else {
                                call.result().completeExceptionally(failure);
                              }
                            });
                    return Behaviors.same();
                  })
              .onMessage(
                  Cast.class,
                  cast -> {
                    GenMessages.send(node, pid, cast.server(), GenMessages.cast(cast.message()));
                    return Behaviors.same();
                  })
              .onMessage(
                  Inbound.class,
                  inbound -> {
                    // Anything that is not a reply, DOWN or timeout of a call under way (a late
                    // reply, a stray message) is dropped.
                    calls.handle(inbound.message());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** The caller process's pid: the {@code From} the servers see. */
  public Pid pid() {
    return pid;
  }

  /** The calls under way: made and not yet completed. */
  public int pendingCalls() {
    return underWay.get();
  }

  /**
   * {@code gen_server:call(Server, Request, Timeout)}: the stage completes with the reply or fails
   * with a {@link CallException} ({@link TooManyCallsException} at once when the limit of calls
   * under way is reached). A {@code timeout} of {@link #INFINITY} waits without a timer.
   */
  public CompletionStage<Term> call(ServerRef server, Term request, Duration timeout) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(request, "request");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative call timeout: " + timeout);
    }
    if (underWay.incrementAndGet() > maxPendingCalls) {
      underWay.decrementAndGet();
      return CompletableFuture.failedStage(new TooManyCallsException(server, maxPendingCalls));
    }
    CompletableFuture<Term> result = new CompletableFuture<>();
    actor.tell(new Call(server, request, timeout, result));
    return result.minimalCompletionStage();
  }

  /** {@link #call(ServerRef, Term, Duration)} with the default timeout ({@code peerl.bridge}). */
  public CompletionStage<Term> call(ServerRef server, Term request) {
    return call(server, request, defaultTimeout);
  }

  /** {@link #call(ServerRef, Term, Duration)} to a pid. */
  public CompletionStage<Term> call(Pid server, Term request, Duration timeout) {
    return call(ServerRef.of(server), request, timeout);
  }

  /** {@code gen_server:cast(Server, Message)}: sends {@code {'$gen_cast', Message}}. */
  public void cast(ServerRef server, Term message) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(message, "message");
    actor.tell(new Cast(server, message));
  }

  /** {@link #cast(ServerRef, Term)} to a pid. */
  public void cast(Pid server, Term message) {
    cast(ServerRef.of(server), message);
  }

  @Override
  public String toString() {
    return "GenServerClient[" + node.nodeName() + ", " + pid + "]";
  }
}
