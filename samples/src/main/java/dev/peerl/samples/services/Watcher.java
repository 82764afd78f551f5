package dev.peerl.samples.services;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * {@code watcher}: {@code call({watch, Pid})} monitors {@code Pid} (on any node, connecting to it
 * if needed) and replies {@code {ok, Ref}}; when the monitor fires it sends {@code {watched_down,
 * Ref, Pid, Reason}} to the caller. The state is a mutable map, returned as it is.
 */
public final class Watcher {
  /** The registered name. */
  public static final Atom NAME = Atom.of("watcher");

  private static final Atom WATCH = Atom.of("watch");
  private static final Atom DOWN = Atom.of("DOWN");
  private static final Atom WATCHED_DOWN = Atom.of("watched_down");

  private Watcher() {}

  /** The gen_server's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<Map<Ref, Pid>>create(ctx -> new HashMap<>())
        .onCall(
            (ctx, watchers, request, from) -> {
              if (Terms.isTagged(request, WATCH, 2)) {
                if (!(((Tuple) request).get(1) instanceof Pid pid)) {
                  return GenServer.reply(Terms.error(Terms.BADARG), watchers);
                }
                Ref ref = ctx.process().monitor(pid);
                watchers.put(ref, from.caller());
                return GenServer.reply(Terms.ok(ref), watchers);
              }
              return GenServer.reply(Terms.unknownCall(request), watchers);
            })
        .onInfo(
            (ctx, watchers, message) -> {
              // {'DOWN', Ref, process, Pid, Reason}
              if (Terms.isTagged(message, DOWN, 5) && ((Tuple) message).get(1) instanceof Ref ref) {
                Pid caller = watchers.remove(ref);
                if (caller != null) {
                  Tuple down = (Tuple) message;
                  ctx.send(caller, Tuple.of(WATCHED_DOWN, ref, down.get(3), down.get(4)));
                }
              }
              return GenServer.noReply(watchers);
            })
        .build();
  }
}
