package dev.peerl.bridge.stream;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessNotAliveException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * The stage behind {@link ErlangSink}: each materialization spawns a sender process that monitors
 * the destination and sends every element to it, one at a time as upstream pushes them. It pulls
 * the next element at once unless the connection to the destination's node is busy ({@link
 * ErlangNode#isBusy}); then it pulls when {@link ErlangNode#whenNotBusy} completes, so that
 * upstream goes at the socket's pace instead of filling the outbound queue.
 */
final class SendStage
    extends AbstractGraphStageWithMaterializedValue<SinkShape<Term>, CompletionStage<Done>> {
  private final ErlangNode node;
  private final Pid toPid;
  private final Atom toName;
  private final Atom toNode;
  // The node whose connection paces the sink.
  private final Atom destinationNode;
  private final Inlet<Term> in = Inlet.create("ErlangSink.in");
  private final SinkShape<Term> shape = SinkShape.of(in);

  private SendStage(ErlangNode node, Pid toPid, Atom toName, Atom toNode) {
    this.node = node;
    this.toPid = toPid;
    this.toName = toName;
    this.toNode = toNode;
    this.destinationNode = toPid != null ? toPid.node() : toNode;
  }

  static SendStage toPid(ErlangNode node, Pid to) {
    return new SendStage(node, to, null, null);
  }

  static SendStage toName(ErlangNode node, Atom name, Atom onNode) {
    return new SendStage(node, null, name, onNode);
  }

  /** The destination as Erlang's monitors name it: a pid, or {@code {Name, Node}}. */
  private Term destination() {
    return toPid != null ? toPid : Tuple.of(toName, toNode);
  }

  @Override
  public SinkShape<Term> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<Done>> createLogicAndMaterializedValuePair(
      Attributes attributes) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    return Pair.create(new Logic(done), done);
  }

  private final class Logic extends GraphStageLogic {
    private final CompletableFuture<Done> done;
    private final AsyncCallback<Term> destinationDown = createAsyncCallback(this::onDown);
    private final AsyncCallback<Done> notBusy = createAsyncCallback(done -> pullIfOpen());
    private Pid sender;

    Logic(CompletableFuture<Done> done) {
      super(shape);
      this.done = done;
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              send(grab(in));
              if (node.isBusy(destinationNode)) {
                node.whenNotBusy(destinationNode).thenAccept(notBusy::invoke);
              } else {
                pull(in);
              }
            }

            @Override
            public void onUpstreamFinish() {
              done.complete(Done.getInstance());
              completeStage();
            }

            @Override
            public void onUpstreamFailure(Throwable failure) {
              done.completeExceptionally(failure);
              failStage(failure);
            }
          });
    }

    @Override
    public void preStart() {
      sender = node.spawn(this::behavior).pid();
      // A send to a process that is gone is dropped silently, in Erlang as here: the monitor is
      // how the stream learns that its messages go nowhere. Made here, before the first send, so
      // that the peer sees them in that order.
      if (toPid != null) {
        node.monitor(sender, toPid);
      } else {
        node.monitor(sender, toName, toNode);
      }
      pull(in);
    }

    private Behavior<ProcessMessage> behavior(ProcessContext ctx) {
      return Behaviors.receive(ProcessMessage.class)
          .onMessage(
              ProcessMessage.Down.class,
              d -> {
                destinationDown.invoke(d.reason());
                return Behaviors.same();
              })
          .build();
    }

    private void send(Term message) {
      if (toPid != null) {
        node.send(sender, toPid, message);
      } else {
        node.send(sender, toName, toNode, message);
      }
    }

    private void pullIfOpen() {
      if (!isClosed(in) && !hasBeenPulled(in)) {
        pull(in);
      }
    }

    private void onDown(Term reason) {
      ProcessExitException failure = ProcessExitException.destination(destination(), reason);
      done.completeExceptionally(failure);
      failStage(failure);
    }

    @Override
    public void postStop() {
      done.completeExceptionally(new AbruptStageTerminationException(this));
      try {
        node.stop(sender, ExitReason.NORMAL);
      } catch (ProcessNotAliveException alreadyStopped) {
        // Nothing to stop.
      }
    }
  }
}
