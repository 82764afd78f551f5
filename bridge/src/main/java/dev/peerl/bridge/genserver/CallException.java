package dev.peerl.bridge.genserver;

import dev.peerl.codec.Term;
import java.util.Objects;

/**
 * Why a {@code gen_server} call made from Java failed: the stage of {@link
 * GenServerClient#call(ServerRef, Term, java.time.Duration)} fails with one of these, as {@code
 * gen_server:call} exits with {@link #reason()}.
 */
public abstract sealed class CallException extends RuntimeException
    permits CallTimeoutException,
        NoProcException,
        NodeDownException,
        CallExitException,
        TooManyCallsException {
  private static final long serialVersionUID = 1L;

  private final transient ServerRef server;
  private final transient Term reason;

  CallException(ServerRef server, Term reason, String message) {
    super(message, null, false, false);
    this.server = Objects.requireNonNull(server, "server");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The server that was called. */
  public ServerRef server() {
    return server;
  }

  /**
   * The reason {@code gen_server:call} would exit with: {@code timeout}, {@code noproc}, {@code
   * {nodedown, Node}}, or the server's exit reason; {@code system_limit} for a call refused by the
   * limit of calls under way.
   */
  public Term reason() {
    return reason;
  }
}
