package dev.peerl.runtime.node;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Watches the node-event subscribers, so that a stopped subscriber leaves the subscriber set,
 * however it stopped: no leak. (Processes clean up after themselves, see {@link ProcessStarter}.)
 */
final class NodeGuardian {
  sealed interface Command {}

  record WatchSubscriber(ActorRef<NodeEvent> subscriber) implements Command {}

  private record SubscriberStopped(ActorRef<NodeEvent> subscriber) implements Command {}

  private NodeGuardian() {}

  static Behavior<Command> create(Set<ActorRef<NodeEvent>> subscribers) {
    return Behaviors.setup(context -> behavior(context, subscribers));
  }

  private static Behavior<Command> behavior(
      ActorContext<Command> context, Set<ActorRef<NodeEvent>> subscribers) {
    return Behaviors.receive(Command.class)
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
