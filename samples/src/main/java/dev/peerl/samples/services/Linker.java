package dev.peerl.samples.services;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code linker}: {@code call({spawn_linked, Pid})} replies {@code {ok, W}}, a new Java process
 * {@code W} linked to {@code Pid}. {@code W} exits with {@code Reason} when sent {@code {exit,
 * Reason}}, and dies when {@code Pid} exits abnormally (it does not trap exits).
 */
public final class Linker {
  /** The registered name. */
  public static final Atom NAME = Atom.of("linker");

  private static final Atom SPAWN_LINKED = Atom.of("spawn_linked");
  private static final Atom EXIT = Atom.of("exit");

  private Linker() {}

  /** The gen_server's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<Void>create(ctx -> null)
        .onCall(
            (ctx, state, request, from) -> {
              if (Terms.isTagged(request, SPAWN_LINKED, 2)) {
                if (!(((Tuple) request).get(1) instanceof Pid pid)) {
                  return GenServer.reply(Terms.error(Terms.BADARG), state);
                }
                return GenServer.reply(Terms.ok(spawnLinked(ctx.node(), pid)), state);
              }
              return GenServer.reply(Terms.unknownCall(request), state);
            })
        .build();
  }

  private static Pid spawnLinked(ErlangNode node, Pid to) {
    Pid worker = node.spawn(Linker::worker).pid();
    // Linked here, before the reply: the LINK goes out ahead of {ok, W} when both share a
    // connection, so the caller never sees W unlinked.
    node.link(worker, to);
    return worker;
  }

  private static Behavior<ProcessMessage> worker(ProcessContext ctx) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            message -> {
              if (Terms.isTagged(message.body(), EXIT, 2)) {
                Term reason = ((Tuple) message.body()).get(1);
                if (ExitReason.isNormal(reason)) {
                  return Behaviors.stopped();
                }
                ctx.stop(reason);
              }
              return Behaviors.same();
            })
        .build();
  }
}
