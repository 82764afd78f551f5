package dev.peerl.runtime.process;

import org.apache.pekko.actor.typed.Behavior;

/**
 * Serves SPAWN_REQUESTs ({@code erlang:spawn/4}, {@code spawn_link/4}, {@code spawn_request/5} from
 * other nodes) of one {@code Module:Function/Arity}, registered with {@link
 * dev.peerl.runtime.node.ErlangNode#registerSpawnHandler}.
 *
 * <pre>{@code
 * node.registerSpawnHandler(Atom.of("math"), Atom.of("double"), 1, (ctx, request) ->
 *     Behaviors.setup(setup -> {
 *       long n = ((Int) request.args().get(0)).value();
 *       ctx.stop(Int.of(2 * n)); // the exit reason the requester's monitor sees
 *       return Behaviors.ignore();
 *     }));
 * }</pre>
 */
@FunctionalInterface
public interface SpawnHandler {
  /**
   * The behavior of the new process; called on the connection's thread, must not block. {@code
   * context} is the new process's, which starts once this returns: use it from the behavior (in
   * {@code Behaviors.setup} for what the process does first), not here. A handler that throws makes
   * the process exit at once with {@code {{ClassName, <<"message">>}, []}}.
   */
  Behavior<ProcessMessage> spawn(ProcessContext context, RemoteSpawn request);
}
