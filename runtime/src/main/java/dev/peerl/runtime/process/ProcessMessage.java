package dev.peerl.runtime.process;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import java.util.Objects;

/**
 * What an Erlang-visible process receives: a message, an exit signal, or a monitor's {@code DOWN}.
 * Behaviors pattern-match on the records:
 *
 * <pre>{@code
 * Behaviors.receive(ProcessMessage.class)
 *     .onMessage(ProcessMessage.Message.class, m -> ...)
 *     .build();
 * }</pre>
 *
 * <p>{@link ExitSignal} arrives only while the process traps exits ({@link
 * ProcessContext#trapExit}); {@link Down} comes from {@link ProcessContext#monitor}. See {@code
 * docs/runtime.md} for the exit semantics.
 */
public sealed interface ProcessMessage {

  /** A message sent to the process's pid or registered name ({@code Pid ! Body}). */
  record Message(Term body) implements ProcessMessage {
    public Message {
      Objects.requireNonNull(body, "body");
    }
  }

  /** An exit signal from a linked process or {@code exit/2}, for a process that traps exits. */
  record ExitSignal(Pid from, Term reason) implements ProcessMessage {
    public ExitSignal {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A monitor fired: {@code target} (a pid or a registered name) went down with {@code reason}. */
  record Down(Ref ref, Term target, Term reason) implements ProcessMessage {
    public Down {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
