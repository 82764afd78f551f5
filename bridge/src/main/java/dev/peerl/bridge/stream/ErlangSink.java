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
 * <p><b>Pacing.</b> A send never blocks: the sink takes the next element as soon as the previous
 * one is queued on the connection. The runtime exposes no queue depth to wait on, so a producer
 * faster than the connection fills its outbound queue ({@code
 * peerl.distribution.outbound-queue-size}), and then the connection drops messages ({@code
 * ConnectionStats.dropped()}). Pace the producer ({@code throttle}), or acknowledge from the
 * receiver, when it can outrun the network.
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
