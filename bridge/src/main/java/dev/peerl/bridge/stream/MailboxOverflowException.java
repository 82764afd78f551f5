package dev.peerl.bridge.stream;

import dev.peerl.codec.Pid;

/** A mailbox {@link ErlangSource} with {@link MailboxOverflow#FAIL} received more than it holds. */
public final class MailboxOverflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Pid pid;
  private final int bufferSize;

  MailboxOverflowException(Pid pid, int bufferSize) {
    super("mailbox " + pid + " overflowed its buffer of " + bufferSize + " messages");
    this.pid = pid;
    this.bufferSize = bufferSize;
  }

  /** The mailbox process. */
  public Pid pid() {
    return pid;
  }

  /** The buffer's size. */
  public int bufferSize() {
    return bufferSize;
  }
}
