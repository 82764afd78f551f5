package dev.peerl.bridge.stream;

import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Sources of terms from Erlang-visible processes.
 *
 * <pre>{@code
 * Pair<Mailbox, CompletionStage<List<Term>>> run =
 *     ErlangSource.mailbox(node, MailboxSettings.of(1000, MailboxOverflow.FAIL).withName("events"))
 *         .toMat(Sink.seq(), Keep.both())
 *         .run(system);
 * Pid pid = run.first().pid();   // erl: {events, JavaNode} ! hello
 * }</pre>
 */
public final class ErlangSource {
  private ErlangSource() {}

  /**
   * A source that emits every message the process it spawns receives, in the order they arrive.
   * Each materialization spawns a new process (registered under the settings' name, if any: a name
   * already taken fails the materialization with {@code NameAlreadyRegisteredException}); the
   * {@link Mailbox} materialized value gives its pid and a way to stop it.
   *
   * <p>Erlang senders do not wait, so the stream cannot slow them down: up to {@code
   * settings.bufferSize()} messages wait for downstream demand, and the settings' {@link
   * MailboxOverflow} decides what happens to the next one.
   *
   * <p>The stream completes when the process stops with {@code normal} ({@link Mailbox#stop()})
   * after emitting what was buffered, and fails with {@link ProcessExitException} when it stops
   * with any other reason (killed, or a linked process exited abnormally). Cancelling the stream
   * stops the process with {@code normal}.
   *
   * @param node the (started) node the process lives on
   * @param settings buffer size, overflow strategy, name, trap_exit
   */
  public static Source<Term, Mailbox> mailbox(ErlangNode node, MailboxSettings settings) {
    return Source.fromGraph(new MailboxStage(node, settings));
  }

  /** As {@link #mailbox(ErlangNode, MailboxSettings)} for an unregistered process. */
  public static Source<Term, Mailbox> mailbox(
      ErlangNode node, int bufferSize, MailboxOverflow overflow) {
    return mailbox(node, MailboxSettings.of(bufferSize, overflow));
  }
}
