package dev.peerl.samples.services;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * {@code echo}: {@code call(X)} replies {@code X}, unchanged; {@code cast({reply_to, Pid, X})} and
 * the plain message {@code {Pid, X}} send {@code X} to {@code Pid}.
 */
public final class Echo {
  /** The registered name. */
  public static final Atom NAME = Atom.of("echo");

  private static final Atom REPLY_TO = Atom.of("reply_to");

  private Echo() {}

  /** The gen_server's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<Void>create(ctx -> null)
        .onCall((ctx, state, request, from) -> GenServer.reply(request, state))
        .onCast(
            (ctx, state, message) -> {
              if (Terms.isTagged(message, REPLY_TO, 3)
                  && ((Tuple) message).get(1) instanceof Pid to) {
                ctx.send(to, ((Tuple) message).get(2));
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
