package dev.peerl.samples.bench.dist;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Peerl sender of the benchmark's reverse direction (Java sending to a BEAM sink): a Peerl node
 * with one registered process, {@code sender}, that answers the same command as the JInterface
 * node's: on {@code {send, From, {Name, Node}, Procs, N, Msg}} it spawns Procs Java processes that
 * send N copies of Msg between them to {@code {Name, Node}}, each in a loop as an Erlang process
 * would, and then sends {@code {sent, Dropped}} to From, Dropped being the sends the runtime
 * dropped meanwhile because the connection's outbound queue was full. Like a BEAM sender, which is
 * suspended while its distribution channel is busy, a sending process stops when the connection is
 * busy ({@link ErlangNode#isBusy}) and goes on when {@link ErlangNode#whenNotBusy} completes (it
 * sends itself a message then), so the queue does not hold the whole run.
 *
 * <pre>
 *   java -cp peerl-benchmarks.jar dev.peerl.samples.bench.dist.PeerlSenderNode \
 *     --name NAME@HOST --cookie COOKIE [--outbound-queue-size FRAMES]
 * </pre>
 *
 * Prints {@code ready} once reachable, and exits when its standard input closes.
 */
public final class PeerlSenderNode {
  private static final Atom SEND = Atom.of("send");
  private static final Atom SENT = Atom.of("sent");
  private static final Atom RESUME = Atom.of("resume");

  private PeerlSenderNode() {}

  public static void main(String[] args) throws Exception {
    NodeArgs options = NodeArgs.parse(args);
    ErlangNode node =
        PeerlNodes.start(
            options.name(),
            options.cookie(),
            Map.of(
                "distribution.outbound-queue-size",
                options.intOption("outbound-queue-size", 131072)));
    node.spawn("sender", PeerlSenderNode::sender);
    System.out.println("ready");
    System.out.flush();
    ExitOnStdinClose.await();
  }

  private static Behavior<ProcessMessage> sender(ProcessContext ctx) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            message -> {
              if (message.body() instanceof Tuple command
                  && command.isTagged(SEND, 6)
                  && command.get(1) instanceof Pid from
                  && command.get(2) instanceof Tuple sink
                  && sink.get(0) instanceof Atom name
                  && sink.get(1) instanceof Atom toNode
                  && command.get(3) instanceof Int procs
                  && command.get(4) instanceof Int count) {
                startSenders(
                    ctx, from, name, toNode, procs.intValue(), count.value(), command.get(5));
              }
              return Behaviors.same();
            })
        .build();
  }

  private static void startSenders(
      ProcessContext ctx, Pid from, Atom name, Atom toNode, int procs, long n, Term msg) {
    ErlangNode node = ctx.node();
    long droppedBefore = PeerlNodes.dropped(node, toNode);
    AtomicInteger running = new AtomicInteger(procs);
    for (int i = 0; i < procs; i++) {
      long share = n / procs + (i < n % procs ? 1 : 0);
      node.spawn(
          own ->
              Behaviors.setup(
                  setup -> {
                    long[] sent = {0};
                    // Sends until the connection is busy or the share is sent; true when done.
                    BooleanSupplier sendSome =
                        () -> {
                          while (sent[0] < share) {
                            if (node.isBusy(toNode)) {
                              node.whenNotBusy(toNode).thenRun(() -> own.send(own.self(), RESUME));
                              return false;
                            }
                            own.send(name, toNode, msg);
                            sent[0]++;
                          }
                          if (running.decrementAndGet() == 0) {
                            long dropped = PeerlNodes.dropped(node, toNode) - droppedBefore;
                            own.send(from, Tuple.of(SENT, Int.of(dropped)));
                          }
                          return true;
                        };
                    if (sendSome.getAsBoolean()) {
                      return Behaviors.stopped();
                    }
                    return Behaviors.receive(ProcessMessage.class)
                        .onMessage(
                            ProcessMessage.Message.class,
                            resume ->
                                sendSome.getAsBoolean()
                                    ? Behaviors.<ProcessMessage>stopped()
                                    : Behaviors.<ProcessMessage>same())
                        .build();
                  }));
    }
  }
}
