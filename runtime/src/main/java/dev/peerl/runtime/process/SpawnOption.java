package dev.peerl.runtime.process;

/** Options of a spawn request to another node, as those of {@code erlang:spawn_request/5}. */
public enum SpawnOption {
  /** The new process is linked to the requester ({@code spawn_link}). */
  LINK,

  /**
   * The requester monitors the new process ({@code spawn_monitor}): a {@link ProcessMessage.Down}
   * whose target is the new pid arrives when it exits.
   */
  MONITOR
}
