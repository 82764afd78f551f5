package dev.peerl.bridge.genserver;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link GenServer}'s handlers know about their server: its process (pid, sending, links,
 * monitors) and calls to other servers made as this process.
 */
public final class ServerContext {
  private final ProcessContext process;
  private final PendingCalls calls;

  ServerContext(ProcessContext process, PendingCalls calls) {
    this.process = process;
    this.calls = calls;
  }

  /** The server's pid. */
  public Pid self() {
    return process.self();
  }

  /** The node the server lives on. */
  public ErlangNode node() {
    return process.node();
  }

  /** The server's process: sends, links, monitors, trap_exit, as any process. */
  public ProcessContext process() {
    return process;
  }

  /** {@code To ! Message} from the server. */
  public void send(Pid to, Term message) {
    process.send(to, message);
  }

  /**
   * {@code gen_server:call(Server, Request, Timeout)} made by this server, without blocking it: the
   * stage completes in the server's own turn, when the reply, the server's DOWN or the timeout
   * arrives, so a callback registered before that runs as part of the server's message handling
   * (where replying through a {@link From} or sending to {@link #self()} is safe). It fails with a
   * {@link CallException}. A {@code timeout} of {@link GenServerClient#INFINITY} waits without a
   * timer.
   *
   * <p>Use it from the handlers only (the server's thread).
   */
  public CompletionStage<Term> call(ServerRef server, Term request, Duration timeout) {
    return calls.call(server, request, timeout);
  }

  /** {@code gen_server:cast(Server, Message)} from this server. */
  public void cast(ServerRef server, Term message) {
    GenMessages.send(process.node(), process.self(), server, GenMessages.cast(message));
  }
}
