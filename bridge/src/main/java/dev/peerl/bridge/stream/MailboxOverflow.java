package dev.peerl.bridge.stream;

/**
 * What a mailbox {@link ErlangSource} does with a message that arrives while its buffer is full.
 *
 * <p>Erlang senders never wait for a receiver, so a mailbox cannot push back on them: a stream
 * slower than its senders either drops messages or fails. Every dropped message is counted in
 * {@link Mailbox#dropped()} and logged (the first drop and every 1000th).
 */
public enum MailboxOverflow {
  /** Drop the oldest buffered message to make room for the new one. */
  DROP_HEAD,
  /** Drop the newest buffered message to make room for the new one. */
  DROP_TAIL,
  /** Drop the message that arrived; the buffer stays as it was. */
  DROP_NEW,
  /**
   * Fail the stream with {@link MailboxOverflowException}; the process exits with {@code
   * {buffer_overflow, BufferSize}}.
   */
  FAIL
}
