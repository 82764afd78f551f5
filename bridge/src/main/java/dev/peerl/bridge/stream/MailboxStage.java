package dev.peerl.bridge.stream;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage behind {@link ErlangSource#mailbox}: each materialization spawns a process whose
 * messages are handed to the stage through async callbacks and buffered there, bounded, under the
 * chosen {@link MailboxOverflow}.
 */
final class MailboxStage
    extends AbstractGraphStageWithMaterializedValue<SourceShape<Term>, Mailbox> {
  private static final Logger LOG = LoggerFactory.getLogger(MailboxStage.class);
  private static final Atom EXIT = Atom.of("EXIT");
  private static final Atom DOWN = Atom.of("DOWN");
  private static final Atom PROCESS = Atom.of("process");
  private static final Atom BUFFER_OVERFLOW = Atom.of("buffer_overflow");

  private final ErlangNode node;
  private final MailboxSettings settings;
  private final Outlet<Term> out = Outlet.create("ErlangSource.mailbox.out");
  private final SourceShape<Term> shape = SourceShape.of(out);

  MailboxStage(ErlangNode node, MailboxSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  @Override
  public SourceShape<Term> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, Mailbox> createLogicAndMaterializedValuePair(Attributes attributes) {
    Logic logic = new Logic();
    return Pair.create(logic, logic.mailbox);
  }

  private final class Logic extends GraphStageLogic {
    private final ArrayDeque<Term> buffer = new ArrayDeque<>();
    private final AsyncCallback<Term> received = createAsyncCallback(this::onReceived);
    private final AsyncCallback<Term> exited = createAsyncCallback(this::onExited);
    // Shared with the process, which may run before the constructor has set mailbox.
    private final AtomicReference<Term> exitReason = new AtomicReference<>();
    private final Mailbox mailbox;
    private boolean processStopped;

    Logic() {
      super(shape);
      // Spawned here, at materialization, so that the materialized value already has the pid;
      // messages that arrive before the stage starts wait in the callbacks.
      ProcessRef process =
          settings.name().isPresent()
              ? node.spawn(settings.name().get(), this::behavior)
              : node.spawn(this::behavior);
      mailbox = new Mailbox(node, process.pid(), settings.name(), exitReason);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!buffer.isEmpty()) {
                push(out, buffer.poll());
              }
              if (buffer.isEmpty() && processStopped) {
                completeStage();
              }
            }
          });
    }

    private Behavior<ProcessMessage> behavior(ProcessContext ctx) {
      // Exits are always trapped, so that the stream learns the reason; without trapExits the
      // process then acts as a non-trapping one would.
      ctx.trapExit(true);
      return Behaviors.receive(ProcessMessage.class)
          .onMessage(
              ProcessMessage.Message.class,
              m -> {
                received.invoke(m.body());
                return Behaviors.same();
              })
          .onMessage(
              ProcessMessage.Down.class,
              d -> {
                received.invoke(Tuple.of(DOWN, d.ref(), PROCESS, d.target(), d.reason()));
                return Behaviors.same();
              })
          .onMessage(
              ProcessMessage.ExitSignal.class,
              e -> {
                if (settings.trapExits()) {
                  received.invoke(Tuple.of(EXIT, e.from(), e.reason()));
                } else if (!ExitReason.isNormal(e.reason())) {
                  exitReason.compareAndSet(null, e.reason());
                  ctx.stop(e.reason());
                }
                return Behaviors.same();
              })
          .onSignal(
              PostStop.class,
              s -> {
                exited.invoke(Mailbox.exitReason(exitReason));
                return Behaviors.same();
              })
          .build();
    }

    private void onReceived(Term message) {
      if (processStopped) {
        return;
      }
      if (buffer.isEmpty() && isAvailable(out)) {
        push(out, message);
      } else if (buffer.size() < settings.bufferSize()) {
        buffer.add(message);
      } else {
        overflow(message);
      }
    }

    private void overflow(Term message) {
      switch (settings.overflow()) {
        case DROP_HEAD -> {
          buffer.poll();
          buffer.add(message);
          dropped();
        }
        case DROP_TAIL -> {
          buffer.pollLast();
          buffer.add(message);
          dropped();
        }
        case DROP_NEW -> dropped();
        case FAIL -> {
          mailbox.stop(Tuple.of(BUFFER_OVERFLOW, Int.of(settings.bufferSize())));
          failStage(new MailboxOverflowException(mailbox.pid(), settings.bufferSize()));
        }
      }
    }

    private void dropped() {
      long count = mailbox.droppedOne();
      if (count % 1000 == 1) {
        LOG.warn(
            "mailbox {} dropped a message ({}; buffer of {} full): {} so far",
            mailbox.pid(),
            settings.overflow(),
            settings.bufferSize(),
            count);
      }
    }

    private void onExited(Term reason) {
      processStopped = true;
      if (!ExitReason.isNormal(reason)) {
        failStage(ProcessExitException.mailbox(mailbox.pid(), reason));
      } else if (buffer.isEmpty()) {
        completeStage();
      }
    }

    @Override
    public void postStop() {
      // Cancelled downstream, or failed: the process goes with the stream.
      mailbox.stop(ExitReason.NORMAL);
    }
  }
}
