package dev.peerl.bridge.genserver;

import dev.peerl.runtime.process.ExitReason;

/**
 * The server does not exist: no such pid, or nothing registered under the name ({@code noproc}).
 */
public final class NoProcException extends CallException {
  private static final long serialVersionUID = 1L;

  public NoProcException(ServerRef server) {
    super(server, ExitReason.NOPROC, "no process " + server);
  }
}
