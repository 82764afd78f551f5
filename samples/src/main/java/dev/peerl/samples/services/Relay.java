package dev.peerl.samples.services;

import dev.peerl.bridge.genserver.CallException;
import dev.peerl.bridge.genserver.From;
import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.bridge.genserver.GenServerClient;
import dev.peerl.bridge.genserver.ServerContext;
import dev.peerl.bridge.genserver.ServerRef;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * {@code relay}: Java sending and calling on Erlang's behalf. {@code call({send, Dest, Msg})} sends
 * {@code Msg} to {@code Dest} (a pid or {@code {Name, Node}}) and replies {@code ok}; {@code
 * call({call, Dest, Req, Timeout})} makes a gen_server call from Java (Timeout in milliseconds, or
 * {@code infinity}) and replies {@code {ok, Reply}}, {@code {error, timeout}}, {@code {error,
 * noproc}} (at once for a missing name), or {@code {error, Reason}} with the reason {@code
 * gen_server:call} would exit with: {@code {nodedown, Node}} when the server's node cannot be
 * reached or goes down, the server's exit reason when it stops before replying. The relay keeps
 * serving while its calls wait: each reply goes out through the call's {@link From}.
 */
public final class Relay {
  /** The registered name. */
  public static final Atom NAME = Atom.of("relay");

  private static final Atom SEND = Atom.of("send");
  private static final Atom CALL = Atom.of("call");
  private static final Atom INFINITY = Atom.of("infinity");

  private Relay() {}

  /** The gen_server's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<Void>create(ctx -> null)
        .onCall(
            (ctx, state, request, from) -> {
              if (Terms.isTagged(request, SEND, 3)) {
                Tuple send = (Tuple) request;
                return GenServer.reply(send(ctx, send.get(1), send.get(2)), state);
              }
              if (Terms.isTagged(request, CALL, 4)) {
                Tuple call = (Tuple) request;
                call(ctx, call.get(1), call.get(2), call.get(3), from);
                return GenServer.noReply(state);
              }
              return GenServer.reply(Terms.unknownCall(request), state);
            })
        .build();
  }

  private static Term send(ServerContext ctx, Term dest, Term message) {
    try {
      ServerRef to = ServerRef.fromTerm(dest);
      if (to instanceof ServerRef.ByPid p) {
        ctx.send(p.pid(), message);
      } else {
        ServerRef.Registered r = (ServerRef.Registered) to;
        ctx.process().send(r.name(), r.node(), message);
      }
      return Terms.OK;
    } catch (IllegalArgumentException e) {
      return Terms.error(Terms.BADARG);
    }
  }

  private static void call(ServerContext ctx, Term dest, Term request, Term timeout, From from) {
    ServerRef server;
    try {
      server = ServerRef.fromTerm(dest);
    } catch (IllegalArgumentException e) {
      from.reply(Terms.error(Terms.BADARG));
      return;
    }
    Optional<Duration> wait = timeout(timeout);
    if (wait.isEmpty()) {
      from.reply(Terms.error(Terms.BADARG));
      return;
    }
    ctx.call(server, request, wait.get())
        .whenComplete(
            (reply, failure) -> from.reply(failure == null ? Terms.ok(reply) : error(failure)));
  }

  /** gen_server's timeouts: milliseconds (a non-negative integer) or {@code infinity}. */
  private static Optional<Duration> timeout(Term timeout) {
    if (INFINITY.equals(timeout)) {
      return Optional.of(GenServerClient.INFINITY);
    }
    if (timeout instanceof Int ms && ms.value() >= 0) {
      return Optional.of(Duration.ofMillis(ms.value()));
    }
    return Optional.empty();
  }

  private static Term error(Throwable failure) {
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    if (cause instanceof CallException call) {
      return Terms.error(call.reason());
    }
    // A malformed node name and the like: nothing was sent.
    return Terms.error(Terms.BADARG);
  }
}
