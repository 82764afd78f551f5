package dev.peerl.bridge.cluster;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** An {@code ActorRef<Term>} for an Erlang pid: {@code ref.tell(term)} is {@code Pid ! Term}. */
final class PidRef {
  private PidRef() {}

  /** Sends as {@code sender}, a process of {@code node}; never blocks (see ErlangNode.send). */
  static Behavior<Term> create(ErlangNode node, Pid sender, Pid pid) {
    return Behaviors.receive(Term.class)
        .onAnyMessage(
            term -> {
              node.send(sender, pid, term);
              return Behaviors.same();
            })
        .build();
  }
}
