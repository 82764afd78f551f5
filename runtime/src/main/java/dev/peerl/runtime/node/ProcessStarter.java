package dev.peerl.runtime.node;

import dev.peerl.codec.Pid;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.runtime.process.ProcessTable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Starts local processes: the actor, with the {@link ProcessInterceptor} around the user's
 * behavior, its {@link LocalProcess} state and its entry in the process table, which the process
 * removes itself when it stops (in its PostStop, see {@link ProcessInterceptor}).
 *
 * <p>Not a death watch by one guardian actor: with a million processes that one actor's watch set
 * and its Terminated messages were most of the cost of a spawn and of a stop, and all of it on one
 * thread.
 */
final class ProcessStarter {
  /** The dispatcher of processes and connection streams (reference.conf). */
  static final String DISPATCHER = "peerl.dispatcher";

  private static final Props PROCESS_PROPS = DispatcherSelector.fromConfig(DISPATCHER);

  private final ErlangNode node;
  private final ProcessSignals signals;
  private final NodeLifecycle lifecycle;
  private final Supplier<ProcessTable> table;

  ProcessStarter(
      ErlangNode node,
      ProcessSignals signals,
      NodeLifecycle lifecycle,
      Supplier<ProcessTable> table) {
    this.node = node;
    this.signals = signals;
    this.lifecycle = lifecycle;
    this.table = table;
  }

  /** A pid no live process has, for {@link #start}. */
  Pid allocate() {
    return table.get().allocate();
  }

  /**
   * Starts the process {@code pid}: {@code onStart} runs in the process before {@code factory}, so
   * before anything the process does or any signal its death sends.
   */
  ProcessRef start(
      Pid pid,
      Function<ProcessContext, Behavior<ProcessMessage>> factory,
      Consumer<LocalProcess> onStart) {
    ProcessTable processes = table.get();
    ProcessContext context = new ProcessContext(node, pid);
    LocalProcess process = new LocalProcess(pid);
    Runnable cleanup =
        () -> {
          if (process.stopping()) {
            processes.remove(pid);
            signals.stopped(pid, lifecycle.stopping());
          }
        };
    signals.add(process);
    ActorRef<Object> actor;
    try {
      actor =
          node.system()
              .systemActorOf(
                  Behaviors.<Object>setup(
                      self -> {
                        // Before the user's code runs, which may link: signals need the ref.
                        process.actor(self.getSelf());
                        onStart.accept(process);
                        return Behaviors.intercept(
                            () -> new ProcessInterceptor(process, cleanup),
                            Behaviors.setup(ignored -> factory.apply(context)));
                      }),
                  "peerl-process-"
                      + Integer.toUnsignedString(pid.id())
                      + "."
                      + Integer.toUnsignedString(pid.serial()),
                  PROCESS_PROPS);
    } catch (RuntimeException e) {
      processes.remove(pid);
      signals.stopped(pid, true);
      throw e;
    }
    process.actor(actor);
    processes.add(pid, actor.narrow());
    if (process.isStopping()) {
      // It stopped before it was in the table, so its own cleanup may have missed the entry.
      processes.remove(pid);
    }
    return new ProcessRef(pid, actor.narrow());
  }
}
