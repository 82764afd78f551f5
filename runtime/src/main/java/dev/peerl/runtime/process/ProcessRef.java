package dev.peerl.runtime.process;

import dev.peerl.codec.Pid;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A local Erlang-visible process: its pid, which Erlang nodes send to, and the actor behind it.
 *
 * @param pid the process identifier, on this node
 * @param actor the typed actor that receives the process's messages
 */
public record ProcessRef(Pid pid, ActorRef<ProcessMessage> actor) {
  public ProcessRef {
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(actor, "actor");
  }
}
