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
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Starts local processes: the actor, with the {@link ProcessInterceptor} around the user's
 * behavior, its {@link LocalProcess} state, its entry in the process table, and the node guardian's
 * watch that removes both when it stops.
 */
final class ProcessStarter {
  private final ErlangNode node;
  private final ProcessSignals signals;
  private final ActorRef<NodeGuardian.Command> guardian;
  private final NodeLifecycle lifecycle;
  private final Supplier<ProcessTable> table;

  ProcessStarter(
      ErlangNode node,
      ProcessSignals signals,
      ActorRef<NodeGuardian.Command> guardian,
      NodeLifecycle lifecycle,
      Supplier<ProcessTable> table) {
    this.node = node;
    this.signals = signals;
    this.guardian = guardian;
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
                            () -> new ProcessInterceptor(process),
                            Behaviors.setup(ignored -> factory.apply(context)));
                      }),
                  "peerl-process-"
                      + Integer.toUnsignedString(pid.id())
                      + "."
                      + Integer.toUnsignedString(pid.serial()),
                  Props.empty());
    } catch (RuntimeException e) {
      processes.remove(pid);
      signals.stopped(pid, true);
      throw e;
    }
    process.actor(actor);
    processes.add(pid, actor.narrow());
    guardian.tell(
        new NodeGuardian.WatchProcess(
            actor,
            () -> {
              processes.remove(pid);
              signals.stopped(pid, lifecycle.stopping());
            }));
    return new ProcessRef(pid, actor.narrow());
  }
}
