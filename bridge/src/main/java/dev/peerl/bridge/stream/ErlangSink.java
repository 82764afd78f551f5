package dev.peerl.bridge.stream;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Sinks that send terms to Erlang-visible processes, as {@code Dest ! Msg} does.
 *
 * <p>Each materialization spawns a sender process that monitors the destination: when the
 * destination exits (or does not exist, or its node goes down) the stream fails with {@link
 * ProcessExitException}, since Erlang drops messages to a dead process without telling the sender.
 * The materialized {@code CompletionStage} completes when upstream completes and every element was
 * handed to the node.
 *
 * <p><b>Pacing.</b> The sink goes at the pace of the connection to the destination's node, as an
 * Erlang process is suspended while its distribution channel is busy: after each send it takes the
 * next element at once, unless more than {@code peerl.distribution.outbound-busy-limit} bytes wait
 * for that connection's socket; then it takes it when they have drained to half that limit ({@link
 * ErlangNode#whenNotBusy}). A producer faster than the network is backpressured, not dropped; no
 * thread blocks meanwhile. Other senders to the same node share the connection, and a plain {@code
 * send} that ignores the pace can still fill the queue: the sink's own messages are dropped only if
 * the queue is full when it sends ({@code ConnectionStats.dropped()}).
 */
public final class ErlangSink {
  private ErlangSink() {}

  /** A sink that sends every element to {@code to} (a process here or on another node). */
  public static Sink<Term, CompletionStage<Done>> to(ErlangNode node, Pid to) {
    Objects.requireNonNull(to, "to");
    return Sink.fromGraph(SendStage.toPid(node, to));
  }

  /**
   * A sink that sends every element to the process registered as {@code name} on {@code onNode}.
   */
  public static Sink<Term, CompletionStage<Done>> to(ErlangNode node, Atom name, Atom onNode) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(onNode, "onNode");
    return Sink.fromGraph(SendStage.toName(node, name, onNode));
  }
}
