package dev.peerl.runtime.node;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behavior every process's actor runs: it holds the user's behavior and decides, in the
 * process's own thread, what an exit signal does (Erlang's rules need the trap_exit flag as the
 * process sees it), and records why the process stopped so that its links and monitors learn the
 * reason: {@code normal} when the user's behavior returned {@code Behaviors.stopped()}, the
 * exception's reason when it threw.
 *
 * <p>It also runs the process's cleanup ({@link ProcessStarter#stopped}: leave the process table,
 * send the exit signals and DOWNs) when the process stops, however it stops: Pekko passes PostStop
 * to the last live behavior, this one, when the user's behavior returned {@code stopped}, threw, or
 * the actor was stopped from outside; a process that stops while it starts never gets PostStop, so
 * {@link #start} runs the cleanup then.
 *
 * <p>It does what a {@code Behaviors.intercept} with a {@code BehaviorInterceptor} would, in one
 * object instead of six: with a million processes, every object a process keeps is copied by each
 * young collection that finds it new. It is one process's and changes in place (the actor runs it
 * one message at a time), so a user's behavior that changes does not make a new wrapper either.
 */
final class ProcessBehavior extends ExtensibleBehavior<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessBehavior.class);

  /** An exit signal to the process; {@code exit2} for {@code exit/2}, false for a link's. */
  record Signal(Pid from, Term reason, boolean exit2) {}

  /** The process stops with {@code reason} ({@code ProcessContext.stop}). */
  record Stop(Term reason) {}

  private final LocalProcess process;
  private final ProcessStarter starter;
  // The user's behavior as it is now: started, alive and never `same` or `unhandled`.
  private Behavior<ProcessMessage> current;

  private ProcessBehavior(
      LocalProcess process, ProcessStarter starter, Behavior<ProcessMessage> current) {
    this.process = process;
    this.starter = starter;
    this.current = current;
  }

  /**
   * Starts the user's behavior, made by {@code factory}, for the actor of {@code context}: the
   * process's behavior, or {@code stopped} (the cleanup done) if the user's behavior stopped or
   * threw.
   */
  static Behavior<Object> start(
      LocalProcess process,
      ProcessStarter starter,
      TypedActorContext<Object> context,
      Function<ProcessContext, Behavior<ProcessMessage>> factory,
      ProcessContext processContext) {
    Behavior<ProcessMessage> started = null;
    try {
      try {
        started =
            stoppedNormally(
                process, Behavior.start(factory.apply(processContext), narrow(context)));
      } catch (RuntimeException e) {
        started = crashed(process, e);
      }
    } finally {
      if (started == null || !Behavior.isAlive(started)) {
        // Stopped (or threw an Error) while starting: no PostStop will reach this behavior.
        starter.stopped(process);
      }
    }
    return Behavior.isAlive(started)
        ? new ProcessBehavior(process, starter, started)
        : Behaviors.stopped();
  }

  @Override
  public Behavior<Object> receive(TypedActorContext<Object> context, Object message) {
    Behavior<ProcessMessage> next;
    if (message instanceof Signal signal) {
      next = onSignal(context, signal);
    } else if (message instanceof Stop stop) {
      next = exit(process, stop.reason());
    } else if (message instanceof ProcessMessage.Down down && !process.downHandled(down.ref())) {
      // demonitor(Ref, [flush]) came after this DOWN was told.
      return Behaviors.same();
    } else {
      next = apply(context, (ProcessMessage) message);
    }
    return settle(next, context);
  }

  @Override
  public Behavior<Object> receiveSignal(
      TypedActorContext<Object> context, org.apache.pekko.actor.typed.Signal signal) {
    if (signal != PostStop.instance()) {
      return settle(Behavior.interpretSignal(current, narrow(context), signal), context);
    }
    try {
      Behavior.interpretSignal(current, narrow(context), signal);
      return Behaviors.same();
    } finally {
      starter.stopped(process);
    }
  }

  /**
   * What the actor is to do after the user's behavior returned {@code next}: this behavior stays
   * (with {@code next} as the user's, once started) unless {@code next} stops or is unhandled.
   */
  @SuppressWarnings("unchecked")
  private Behavior<Object> settle(
      Behavior<ProcessMessage> next, TypedActorContext<Object> context) {
    if (next == Behaviors.<ProcessMessage>same()) {
      return Behaviors.same();
    }
    if (Behavior.isUnhandled(next) || !Behavior.isAlive(next)) {
      // Unhandled: the actor reports it and keeps this behavior. Stopped: the actor stops and
      // PostStop reaches this behavior, so the user's behavior as it was last.
      return (Behavior<Object>) (Behavior<?>) next;
    }
    Behavior<ProcessMessage> started = Behavior.start(next, narrow(context));
    if (!Behavior.isAlive(started)) {
      return (Behavior<Object>) (Behavior<?>) started;
    }
    current = Behavior.canonicalize(started, current, narrow(context));
    return Behaviors.same();
  }

  private Behavior<ProcessMessage> onSignal(TypedActorContext<Object> context, Signal signal) {
    Term reason = signal.reason();
    if (!signal.exit2() && !process.unlink(signal.from())) {
      // The link was removed (unlink, or already broken): its exit signal no longer applies.
      return Behaviors.same();
    }
    if (signal.exit2() && ExitReason.KILL.equals(reason)) {
      return exit(process, ExitReason.KILLED);
    }
    if (process.trapsExits()) {
      return apply(context, new ProcessMessage.ExitSignal(signal.from(), reason));
    }
    if (ExitReason.isNormal(reason) && !signal.from().equals(process.pid)) {
      return Behaviors.same();
    }
    return exit(process, reason);
  }

  private Behavior<ProcessMessage> apply(
      TypedActorContext<Object> context, ProcessMessage message) {
    try {
      return stoppedNormally(process, Behavior.interpretMessage(current, narrow(context), message));
    } catch (RuntimeException e) {
      return crashed(process, e);
    }
  }

  private static Behavior<ProcessMessage> stoppedNormally(
      LocalProcess process, Behavior<ProcessMessage> next) {
    if (!Behavior.isAlive(next)) {
      process.exiting(ExitReason.NORMAL);
    }
    return next;
  }

  private static Behavior<ProcessMessage> crashed(LocalProcess process, RuntimeException e) {
    Term reason = ExitReason.of(e);
    LOG.warn("process {} crashed: {}", process.pid, reason, e);
    return exit(process, reason);
  }

  private static Behavior<ProcessMessage> exit(LocalProcess process, Term reason) {
    process.exiting(reason);
    return Behaviors.stopped();
  }

  @SuppressWarnings("unchecked")
  private static TypedActorContext<ProcessMessage> narrow(TypedActorContext<Object> context) {
    return (TypedActorContext<ProcessMessage>) (TypedActorContext<?>) context;
  }

  @Override
  public String toString() {
    return "Process(" + process.pid + ", " + current + ")";
  }
}
