package dev.peerl.runtime.control;

/**
 * A fragment that would make the unfinished fragmented messages of one connection hold more than
 * their budget ({@code peerl.distribution.max-reassembly-bytes}). Raised before the fragment is
 * buffered or anything is allocated for it; the connection that sent it is closed.
 */
public final class ReassemblyLimitException extends DistHeaderException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * @param sequenceId the sequence the fragment belongs to
   * @param held the bytes the unfinished messages held before it
   * @param more the fragment's bytes
   * @param limit the budget
   */
  public ReassemblyLimitException(long sequenceId, long held, long more, long limit) {
    super(
        "a fragment of "
            + more
            + " bytes (sequence "
            + Long.toUnsignedString(sequenceId)
            + ") with "
            + held
            + " bytes of unfinished fragmented messages held would pass the limit of "
            + limit
            + " bytes");
    this.limit = limit;
  }

  /** The most bytes the unfinished fragmented messages of the connection may hold. */
  public long limit() {
    return limit;
  }
}
