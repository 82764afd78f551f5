package dev.peerl.bridge.genserver;

import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A {@code gen_server} written in Java: Erlang and Elixir call it with {@code gen_server:call},
 * {@code gen_server:cast}, {@code GenServer.call} or a plain {@code !}, by name or by pid. Build
 * the process's behavior and spawn it as any process:
 *
 * <pre>{@code
 * node.spawn("counter", GenServer.<Long>create(ctx -> 0L)
 *     .onCall((ctx, total, request, from) -> {
 *       long next = total + ((Int) request).value();
 *       return GenServer.reply(Int.of(next), next);
 *     })
 *     .onCast((ctx, total, message) -> GenServer.noReply(total))
 *     .build());
 * }</pre>
 *
 * <p>Handlers return the next step, as OTP's callbacks return tuples: {@link #reply} ({@code
 * {reply, Reply, State}}), {@link #noReply} ({@code {noreply, State}}, with a later {@link
 * From#reply}), {@link #stop(Term, Object)} or {@link #stop(Term, Term, Object)}. The state is
 * whatever the handlers return: an immutable value replaced each time, or one mutable object
 * returned as it is. Handlers run one message at a time in the server's process.
 *
 * <p>Stopping with a reason other than {@code normal}, or a handler that throws (reason {@code
 * {ClassName, <<"message">>}}), exits the process with that reason: its links get it, and callers
 * waiting on the server exit with it, as OTP's callers do (they monitor the server).
 *
 * @param <S> the state
 */
public final class GenServer<S> {

  /** What a call handler returns: a step, or a reply with it. */
  public sealed interface CallStep<S> permits Step, Reply, StopAndReply {}

  /** What every handler may return: carry on, or stop. */
  public sealed interface Step<S> extends CallStep<S> permits NoReply, Stop {}

  /** {@code {reply, Reply, State}}. */
  public record Reply<S>(Term reply, S state) implements CallStep<S> {
    public Reply {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** {@code {noreply, State}}: a call's caller gets its reply later, through its {@link From}. */
  public record NoReply<S>(S state) implements Step<S> {}

  /** {@code {stop, Reason, State}}: the process exits with {@code reason} after the handler. */
  public record Stop<S>(Term reason, S state) implements Step<S> {
    public Stop {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code {stop, Reason, Reply, State}}: replies, then exits with {@code reason}. */
  public record StopAndReply<S>(Term reason, Term reply, S state) implements CallStep<S> {
    public StopAndReply {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** {@code handle_call(Request, From, State)}. */
  @FunctionalInterface
  public interface CallHandler<S> {
    CallStep<S> onCall(ServerContext ctx, S state, Term request, From from);
  }

  /**
   * {@code handle_cast(Message, State)} and {@code handle_info(Message, State)}. Info gets every
   * other message; a trapped exit signal as {@code {'EXIT', Pid, Reason}} and a monitor's DOWN as
   * {@code {'DOWN', Ref, process, Target, Reason}}, as in Erlang.
   */
  @FunctionalInterface
  public interface MessageHandler<S> {
    Step<S> onMessage(ServerContext ctx, S state, Term message);
  }

  /** {@code terminate(Reason, State)}: runs when the server stops, crashes included. */
  @FunctionalInterface
  public interface TerminateHandler<S> {
    void onTerminate(ServerContext ctx, S state, Term reason);
  }

  final Function<ServerContext, S> init;
  CallHandler<S> onCall;
  MessageHandler<S> onCast;
  MessageHandler<S> onInfo;
  TerminateHandler<S> onTerminate = (ctx, state, reason) -> {};

  private GenServer(Function<ServerContext, S> init) {
    this.init = init;
  }

  /**
   * A server whose state {@code init} makes ({@code init/1}), in the new process before its first
   * message; if it throws, the process exits with that failure.
   */
  public static <S> GenServer<S> create(Function<ServerContext, S> init) {
    return new GenServer<>(Objects.requireNonNull(init, "init"));
  }

  /**
   * Handles calls. Without it a call stops the server with {@code {bad_call, Request}} (Elixir's
   * default {@code handle_call} raises too).
   */
  public GenServer<S> onCall(CallHandler<S> handler) {
    this.onCall = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Handles casts. Without it a cast stops the server with {@code {bad_cast, Message}}. */
  public GenServer<S> onCast(MessageHandler<S> handler) {
    this.onCast = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Handles every other message. Without it they are logged at WARN and dropped. */
  public GenServer<S> onInfo(MessageHandler<S> handler) {
    this.onInfo = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Runs when the server stops, with the reason; exceptions from it are logged. */
  public GenServer<S> onTerminate(TerminateHandler<S> handler) {
    this.onTerminate = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * The process behavior, for {@code ErlangNode.spawn(name, ...)}. Each process spawned from it
   * gets its own state from {@code init}.
   */
  public Function<ProcessContext, Behavior<ProcessMessage>> build() {
    ServerLoop.Spec<S> spec = new ServerLoop.Spec<>(init, onCall, onCast, onInfo, onTerminate);
    return process -> ServerLoop.start(process, spec);
  }

  /** {@code {reply, Reply, State}}. */
  public static <S> CallStep<S> reply(Term reply, S state) {
    return new Reply<>(reply, state);
  }

  /** {@code {noreply, State}}. */
  public static <S> Step<S> noReply(S state) {
    return new NoReply<>(state);
  }

  /** {@code {stop, Reason, State}}. */
  public static <S> Step<S> stop(Term reason, S state) {
    return new Stop<>(reason, state);
  }

  /** {@code {stop, Reason, Reply, State}}. */
  public static <S> CallStep<S> stop(Term reason, Term reply, S state) {
    return new StopAndReply<>(reason, reply, state);
  }
}
