package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/** The Java gen_servers the interop tests call from Erlang and Elixir. */
final class TestServers {
  static final Atom OK = Atom.OK;
  static final Atom ERROR = Atom.ERROR;

  private TestServers() {}

  private static boolean is(Term term, String tag, int arity) {
    return term instanceof Tuple t && t.isTagged(Atom.of(tag), arity);
  }

  /**
   * Calls: {@code {echo, X}} -> X; {@code {later, X}}: replied X at the next cast {@code release};
   * {@code waiting} -> how many wait; {@code {stop, R}}; {@code {stop_reply, R, X}}; {@code crash}
   * throws; {@code {add, N}} adds to a total and replies it; {@code {ask, Dest, Req, Ms}} calls
   * Dest from the server and replies {@code {ok, Reply}} or {@code {error, Reason}}; anything else
   * comes back as it is. Casts: {@code {notify, Pid, X}} sends X to Pid; {@code release}. Info:
   * {@code {Pid, X}} sends X to Pid.
   */
  static Function<ProcessContext, Behavior<ProcessMessage>> probe() {
    final class State {
      long total;
      final List<From> waiting = new ArrayList<>();
      final List<Term> held = new ArrayList<>();
    }
    return GenServer.create(ctx -> new State())
        .onCall(
            (ctx, state, request, from) -> {
              if (is(request, "echo", 2)) {
                return GenServer.reply(((Tuple) request).get(1), state);
              }
              if (is(request, "later", 2)) {
                state.waiting.add(from);
                state.held.add(((Tuple) request).get(1));
                return GenServer.noReply(state);
              }
              if (is(request, "stop", 2)) {
                return GenServer.stop(((Tuple) request).get(1), state);
              }
              if (is(request, "stop_reply", 3)) {
                Tuple t = (Tuple) request;
                return GenServer.stop(t.get(1), t.get(2), state);
              }
              if (Atom.of("waiting").equals(request)) {
                return GenServer.reply(Int.of(state.waiting.size()), state);
              }
              if (Atom.of("crash").equals(request)) {
                throw new IllegalStateException("boom");
              }
              if (is(request, "add", 2)) {
                state.total += ((Int) ((Tuple) request).get(1)).value();
                return GenServer.reply(Int.of(state.total), state);
              }
              if (is(request, "ask", 4)) {
                Tuple t = (Tuple) request;
                ctx.call(
                        ServerRef.fromTerm(t.get(1)),
                        t.get(2),
                        Duration.ofMillis(((Int) t.get(3)).value()))
                    .whenComplete(
                        (reply, failure) ->
                            from.reply(
                                failure == null
                                    ? Tuple.of(OK, reply)
                                    : Tuple.of(ERROR, ((CallException) failure).reason())));
                return GenServer.noReply(state);
              }
              return GenServer.reply(request, state);
            })
        .onCast(
            (ctx, state, message) -> {
              if (is(message, "notify", 3) && ((Tuple) message).get(1) instanceof Pid to) {
                ctx.send(to, ((Tuple) message).get(2));
              } else if (Atom.of("release").equals(message)) {
                for (int i = 0; i < state.waiting.size(); i++) {
                  state.waiting.get(i).reply(state.held.get(i));
                }
                state.waiting.clear();
                state.held.clear();
              }
              return GenServer.noReply(state);
            })
        .onInfo(
            (ctx, state, message) -> {
              if (message instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid to) {
                ctx.send(to, t.get(1));
              }
              return GenServer.noReply(state);
            })
        .build();
  }
}
