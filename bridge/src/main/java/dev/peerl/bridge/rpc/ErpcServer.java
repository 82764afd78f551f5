package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessNotAliveException;
import dev.peerl.runtime.process.RemoteSpawn;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * erpc's server side, which is all {@code rpc:call}, {@code rpc:cast}, {@code erpc:call}, {@code
 * erpc:cast} and {@code erpc:multicall} use on OTP 25 and 27: spawn requests of {@code
 * erpc:execute_call(Res, M, F, A)} (with a monitor: the process's exit reason is the answer, see
 * {@link Outcome#erpcExitReason}) and {@code erpc:execute_cast(M, F, A)} (no answer). Each request
 * is a process that runs the Java function and exits.
 */
final class ErpcServer {
  private static final Logger LOG = LoggerFactory.getLogger(ErpcServer.class);

  static final Atom ERPC = Atom.of("erpc");
  static final Atom EXECUTE_CALL = Atom.of("execute_call");
  static final Atom EXECUTE_CAST = Atom.of("execute_cast");

  private final RpcModules modules;
  private volatile JavaApply apply; // made by the first process, which knows the actor system

  private ErpcServer(RpcModules modules) {
    this.modules = modules;
  }

  /** Serves erpc on {@code node}, replacing any handler of erpc's two entry points. */
  static void install(ErlangNode node, RpcModules modules) {
    ErpcServer server = new ErpcServer(modules);
    node.registerSpawnHandler(ERPC, EXECUTE_CALL, 4, server::executeCall);
    node.registerSpawnHandler(ERPC, EXECUTE_CAST, 3, server::executeCast);
  }

  private Behavior<ProcessMessage> executeCall(ProcessContext process, RemoteSpawn request) {
    List<Term> args = request.args(); // [Res, M, F, A]
    return run(
        process,
        args.get(1),
        args.get(2),
        args.get(3),
        outcome -> outcome.erpcExitReason(args.get(0)));
  }

  private Behavior<ProcessMessage> executeCast(ProcessContext process, RemoteSpawn request) {
    List<Term> args = request.args(); // [M, F, A]
    return run(
        process,
        args.get(0),
        args.get(1),
        args.get(2),
        outcome -> {
          if (outcome instanceof Outcome.Raised) {
            // As erl's error report of a crashed cast: nobody else hears of it.
            LOG.warn(
                "erpc:cast of {}:{} from {} failed: {}",
                args.get(0),
                args.get(1),
                request.requester(),
                outcome.castExitReason());
          }
          return outcome.castExitReason();
        });
  }

  /** A process that applies the function, then exits with the reason {@code exitReason} gives. */
  private Behavior<ProcessMessage> run(
      ProcessContext process,
      Term module,
      Term function,
      Term args,
      Function<Outcome, Term> exitReason) {
    return Behaviors.setup(
        context -> {
          apply(context.getSystem())
              .apply(module, function, args)
              .thenAccept(outcome -> exit(process, exitReason.apply(outcome)));
          return Behaviors.ignore();
        });
  }

  private static void exit(ProcessContext process, Term reason) {
    try {
      process.stop(reason);
    } catch (ProcessNotAliveException e) {
      // Killed while the function ran (exit(Pid, kill) from Erlang): nobody waits for the result.
      LOG.debug("erpc process {} died before its function returned", process.self());
    }
  }

  private JavaApply apply(ActorSystem<?> system) {
    JavaApply current = apply;
    if (current == null) {
      current = JavaApply.create(modules, system);
      apply = current;
    }
    return current;
  }
}
