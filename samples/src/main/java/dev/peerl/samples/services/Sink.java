package dev.peerl.samples.services;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * {@code sink}, a benchmark receiver: on {@code {start, From, N}} it counts the next {@code N}
 * messages {@code {msg, _}}, then sends {@code {done, Micros}} (the time from the start to the N-th
 * message) to {@code From}, and waits for the next start. A plain process, not a gen_server: per
 * message it does one type check and a decrement, and allocates nothing.
 */
public final class Sink extends AbstractBehavior<ProcessMessage> {
  /** The registered name. */
  public static final Atom NAME = Atom.of("sink");

  private static final Atom START = Atom.of("start");
  private static final Atom MSG = Atom.of("msg");
  private static final Atom DONE = Atom.of("done");

  private final ProcessContext process;
  private Pid reportTo;
  private long remaining;
  private long startedNanos;

  private Sink(ActorContext<ProcessMessage> context, ProcessContext process) {
    super(context);
    this.process = process;
  }

  /** The process's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Behavior<ProcessMessage> create(ProcessContext process) {
    return Behaviors.setup(context -> new Sink(context, process));
  }

  @Override
  public Receive<ProcessMessage> createReceive() {
    return newReceiveBuilder().onMessage(ProcessMessage.Message.class, this::onMessage).build();
  }

  private Behavior<ProcessMessage> onMessage(ProcessMessage.Message message) {
    Term body = message.body();
    if (remaining > 0 && body instanceof Tuple t && t.isTagged(MSG, 2)) {
      if (--remaining == 0) {
        report();
      }
    } else if (body instanceof Tuple t
        && t.isTagged(START, 3)
        && t.get(1) instanceof Pid from
        && t.get(2) instanceof Int n
        && n.value() >= 0) {
      reportTo = from;
      remaining = n.value();
      startedNanos = System.nanoTime();
      if (remaining == 0) {
        report();
      }
    }
    return this;
  }

  private void report() {
    long micros = (System.nanoTime() - startedNanos) / 1_000;
    process.send(reportTo, Tuple.of(DONE, Int.of(micros)));
  }
}
