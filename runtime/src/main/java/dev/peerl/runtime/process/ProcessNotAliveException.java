package dev.peerl.runtime.process;

import dev.peerl.codec.Pid;

/**
 * A process operation (link, monitor, alias, ...) was asked of a pid that is not a live local
 * process: one that has stopped, whose {@link ProcessContext} some code still holds, or a pid of
 * another node or incarnation. A dead Erlang process calls nothing; a Java thread can.
 */
public final class ProcessNotAliveException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Pid pid;

  public ProcessNotAliveException(Pid pid) {
    super("no live local process " + pid + ": it has stopped, or it is not of this node");
    this.pid = pid;
  }

  /** The process that is not alive. */
  public Pid pid() {
    return pid;
  }
}
