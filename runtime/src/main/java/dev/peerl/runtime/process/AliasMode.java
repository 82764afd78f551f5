package dev.peerl.runtime.process;

/** How a process alias ends, as the options of {@code erlang:alias/1}. */
public enum AliasMode {
  /** Active until the owner calls {@code unalias} or stops ({@code explicit_unalias}). */
  EXPLICIT_UNALIAS,

  /**
   * Deactivated by the first message received through it, or by {@code unalias} or the owner's stop
   * ({@code reply}): what a request that expects one reply uses.
   */
  REPLY
}
