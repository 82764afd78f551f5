package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage.SpawnReply;
import dev.peerl.runtime.control.ControlMessage.SpawnRequest;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.RemoteSpawn;
import dev.peerl.runtime.process.SpawnHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves SPAWN_REQUESTs with the registered {@link SpawnHandler}s, as erts's {@code dist.c} and
 * {@code erl_create_process} serve them: the process is spawned with the request's group leader,
 * linked to the requester for {@code link}, monitored by it with the request id as the monitor's
 * reference for {@code monitor}, and the requester always gets SPAWN_REPLY {@code {31, ReqId,
 * Requester, Flags, Pid}} (flags: 1 link, 2 monitor set up) before any signal of the new process
 * (its {@code reply} option is the requester's own business). Bad options are answered {@code
 * badopt} with nothing spawned. With no handler for {@code M:F/A} the process exits at once with
 * {@code {undef, [{M, F, Args, []}]}}, as a BEAM process running an undefined function does, so
 * that links and monitors fire.
 */
final class RemoteSpawns {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSpawns.class);
  static final Atom BADOPT = Atom.of("badopt");
  static final Atom SYSTEM_LIMIT = Atom.of("system_limit");
  private static final Atom LINK = Atom.of("link");
  private static final Atom MONITOR = Atom.of("monitor");
  private static final Atom UNDEF = Atom.of("undef");
  // erlang:spawn_opt options that tune a BEAM process: accepted, and meaningless on the JVM.
  private static final Set<Atom> BEAM_TUNING =
      Set.of(
          Atom.of("priority"),
          Atom.of("fullsweep_after"),
          Atom.of("min_heap_size"),
          Atom.of("min_bin_vheap_size"),
          Atom.of("max_heap_size"),
          Atom.of("message_queue_data"),
          Atom.of("async_dist"));

  private record Mfa(Atom module, Atom function, int arity) {}

  private final ErlangNode node;
  private final ProcessSignals signals;
  private final ProcessStarter starter;
  private final Map<Mfa, SpawnHandler> handlers = new ConcurrentHashMap<>();

  RemoteSpawns(ErlangNode node, ProcessSignals signals, ProcessStarter starter) {
    this.node = node;
    this.signals = signals;
    this.starter = starter;
  }

  void register(Atom module, Atom function, int arity, SpawnHandler handler) {
    handlers.put(new Mfa(module, function, arity), handler);
  }

  boolean unregister(Atom module, Atom function, int arity) {
    return handlers.remove(new Mfa(module, function, arity)) != null;
  }

  void onSpawnRequest(Connection from, SpawnRequest request) {
    int flags = 0;
    for (Term option : request.options().elements()) {
      if (LINK.equals(option)) {
        flags |= SpawnReply.FLAG_LINK;
      } else if (MONITOR.equals(option) || isOption(option, MONITOR)) {
        flags |= SpawnReply.FLAG_MONITOR;
      } else if (!(option instanceof Tuple t && t.arity() == 2 && BEAM_TUNING.contains(t.get(0)))) {
        LOG.debug("[{}] spawn request with a bad option {}: badopt", from.peer(), option);
        from.send(new SpawnReply(request.requestId(), request.from(), 0, BADOPT));
        return;
      }
    }
    RemoteSpawn spawn =
        new RemoteSpawn(
            request.from(),
            request.groupLeader(),
            request.module(),
            request.function(),
            request.arguments().elements());
    Pid pid = starter.allocate();
    ProcessContext context = new ProcessContext(node, pid);
    Behavior<ProcessMessage> behavior = behavior(from, context, spawn);
    int reply = flags;
    try {
      starter.start(
          pid,
          ignored -> behavior,
          process -> {
            process.groupLeader(request.groupLeader());
            signals.spawnedFor(process, request.from(), request.requestId(), reply);
            from.send(new SpawnReply(request.requestId(), request.from(), reply, pid));
          });
    } catch (RuntimeException e) {
      LOG.warn("[{}] could not spawn for {}: {}", from.peer(), request, e.toString());
      from.send(new SpawnReply(request.requestId(), request.from(), 0, SYSTEM_LIMIT));
    }
  }

  private static boolean isOption(Term option, Atom name) {
    return option instanceof Tuple t && t.arity() == 2 && name.equals(t.get(0));
  }

  /** The handler's behavior, or one that makes the process exit at once with the reason. */
  private Behavior<ProcessMessage> behavior(
      Connection from, ProcessContext context, RemoteSpawn spawn) {
    SpawnHandler handler =
        handlers.get(new Mfa(spawn.module(), spawn.function(), spawn.args().size()));
    if (handler == null) {
      LOG.debug(
          "[{}] spawn request of {}:{}/{}, which has no handler: undef",
          from.peer(),
          spawn.module(),
          spawn.function(),
          spawn.args().size());
      Term frame =
          Tuple.of(spawn.module(), spawn.function(), ErlList.of(spawn.args()), ErlList.NIL);
      return exitAtOnce(context, Tuple.of(UNDEF, ErlList.of(frame)));
    }
    try {
      Behavior<ProcessMessage> behavior = handler.spawn(context, spawn);
      if (behavior == null) {
        throw new IllegalStateException("the spawn handler returned no behavior");
      }
      return behavior;
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] spawn handler of {}:{}/{} failed",
          from.peer(),
          spawn.module(),
          spawn.function(),
          spawn.args().size(),
          e);
      return exitAtOnce(context, Tuple.of(ExitReason.of(e), ErlList.NIL));
    }
  }

  private static Behavior<ProcessMessage> exitAtOnce(ProcessContext context, Term reason) {
    return Behaviors.setup(
        ignored -> {
          context.stop(reason);
          return Behaviors.ignore();
        });
  }
}
