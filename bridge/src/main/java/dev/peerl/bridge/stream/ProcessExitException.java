package dev.peerl.bridge.stream;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;

/**
 * A stream failed because an Erlang-visible process exited with a reason other than {@code normal}:
 * the mailbox process of an {@link ErlangSource} (killed, or taken down by a linked process), or
 * the destination of an {@link ErlangSink}.
 */
public final class ProcessExitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Term process;
  private final transient Term reason;

  ProcessExitException(String message, Term process, Term reason) {
    super(message);
    this.process = process;
    this.reason = reason;
  }

  static ProcessExitException mailbox(Pid pid, Term reason) {
    return new ProcessExitException("mailbox " + pid + " exited: " + reason, pid, reason);
  }

  static ProcessExitException destination(Term destination, Term reason) {
    return new ProcessExitException(
        "destination " + destination + " is down: " + reason, destination, reason);
  }

  /** The process: a {@link Pid}, or {@code {Name, Node}} for a destination given by name. */
  public Term process() {
    return process;
  }

  /** Its exit reason, as Erlang's links and monitors see it ({@code noproc} if it never was). */
  public Term reason() {
    return reason;
  }
}
