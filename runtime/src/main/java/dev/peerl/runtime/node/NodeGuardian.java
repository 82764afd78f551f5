package dev.peerl.runtime.node;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Watches the node's processes and node-event subscribers, so that a stopped process leaves the
 * process table (and its name) and its links and monitors learn its exit reason and a stopped
 * subscriber leaves the subscriber set, however it stopped: no leak. Watching a process that has
 * already stopped still reports it.
 */
final class NodeGuardian {
  sealed interface Command {}

  /** Runs {@code onStop} once {@code actor} has stopped. */
  record WatchProcess(ActorRef<?> actor, Runnable onStop) implements Command {}

  record WatchSubscriber(ActorRef<NodeEvent> subscriber) implements Command {}

  private record ProcessStopped(Runnable onStop) implements Command {}

  private record SubscriberStopped(ActorRef<NodeEvent> subscriber) implements Command {}

  private NodeGuardian() {}

  static Behavior<Command> create(Set<ActorRef<NodeEvent>> subscribers) {
    return Behaviors.setup(context -> behavior(context, subscribers));
  }

  private static Behavior<Command> behavior(
      ActorContext<Command> context, Set<ActorRef<NodeEvent>> subscribers) {
    return Behaviors.receive(Command.class)
        .onMessage(
            WatchProcess.class,
            watch -> {
              context.watchWith(watch.actor(), new ProcessStopped(watch.onStop()));
              return Behaviors.same();
            })
        .onMessage(
            ProcessStopped.class,
            stopped -> {
              stopped.onStop().run();
              return Behaviors.same();
            })
        .onMessage(
            WatchSubscriber.class,
            watch -> {
              context.watchWith(watch.subscriber(), new SubscriberStopped(watch.subscriber()));
              return Behaviors.same();
            })
        .onMessage(
            SubscriberStopped.class,
            stopped -> {
              subscribers.remove(stopped.subscriber());
              return Behaviors.same();
            })
        .build();
  }
}
