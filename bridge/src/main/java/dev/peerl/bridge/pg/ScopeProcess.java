package dev.peerl.bridge.pg;

import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.node.NodeEvent;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Erlang-visible scope process, registered under the scope's name: peer scopes send to it and
 * monitor it, so when it stops (or this node goes down) they drop every member of ours. It hands
 * peer messages and DOWNs to the {@link ScopeState}, and runs two helpers as its children: one that
 * starts discovery with every node that comes up (this node is hidden, so OTP's scopes will not
 * discover it themselves), and one that watches subscribers so that a stopped one is dropped.
 */
final class ScopeProcess {
  /** What the subscriber watcher is told. */
  sealed interface WatcherCommand {}

  record Watch(ActorRef<GroupEvent> subscriber) implements WatcherCommand {}

  private record Stopped(ActorRef<GroupEvent> subscriber) implements WatcherCommand {}

  private ScopeProcess() {}

  static Behavior<ProcessMessage> create(
      ProcessContext process,
      ScopeState state,
      CompletableFuture<ActorRef<WatcherCommand>> watcher) {
    return Behaviors.setup(
        context -> {
          state.attach(process.self());
          watcher.complete(context.spawn(subscriberWatcher(state), "subscribers"));
          ErlangNode node = process.node();
          node.monitorNodes(context.spawn(nodeListener(state), "nodes"));
          // Nodes already connected came up before we listened.
          node.connectedNodes().forEach(state::discover);
          return Behaviors.receive(ProcessMessage.class)
              .onMessage(
                  ProcessMessage.Message.class,
                  m -> {
                    state.onMessage(m.body());
                    return Behaviors.same();
                  })
              .onMessage(
                  ProcessMessage.Down.class,
                  d -> {
                    state.onDown(d.ref(), d.target());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<NodeEvent> nodeListener(ScopeState state) {
    // A nodedown needs nothing: the monitors of that node's scopes fire with noconnection.
    return Behaviors.receive(NodeEvent.class)
        .onMessage(
            NodeEvent.NodeUp.class,
            up -> {
              state.discover(up.node());
              return Behaviors.same();
            })
        .build();
  }

  private static Behavior<WatcherCommand> subscriberWatcher(ScopeState state) {
    return Behaviors.setup(
        context -> {
          Set<ActorRef<GroupEvent>> watched = new HashSet<>();
          return Behaviors.receive(WatcherCommand.class)
              .onMessage(
                  Watch.class,
                  w -> {
                    if (watched.add(w.subscriber())) {
                      context.watchWith(w.subscriber(), new Stopped(w.subscriber()));
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  Stopped.class,
                  s -> {
                    watched.remove(s.subscriber());
                    state.demonitor(s.subscriber());
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
