package dev.peerl.runtime.node;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the user's behavior of a process: decides, in the process's own thread, what an exit signal
 * does (Erlang's rules need the trap_exit flag as the process sees it), and records why the process
 * stopped so that its links and monitors learn the reason: {@code normal} when the behavior
 * returned {@code Behaviors.stopped()}, the exception's reason when it threw.
 *
 * <p>It also runs the process's cleanup ({@link ProcessStarter#stopped}: leave the process table,
 * send the exit signals and DOWNs) when the process stops, however it stops: PostStop reaches this
 * interceptor when the behavior returned {@code stopped}, threw, or was stopped from outside (Pekko
 * passes PostStop to the last live behavior); a process that stops while it starts never gets
 * PostStop, so that case runs the cleanup in {@link #aroundStart}.
 */
final class ProcessInterceptor extends BehaviorInterceptor<Object, ProcessMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessInterceptor.class);

  /** An exit signal to the process; {@code exit2} for {@code exit/2}, false for a link's. */
  record Signal(Pid from, Term reason, boolean exit2) {}

  /** The process stops with {@code reason} ({@code ProcessContext.stop}). */
  record Stop(Term reason) {}

  private final LocalProcess process;
  private final ProcessStarter starter;

  ProcessInterceptor(LocalProcess process, ProcessStarter starter) {
    super(Object.class);
    this.process = process;
    this.starter = starter;
  }

  @Override
  public Behavior<ProcessMessage> aroundStart(
      TypedActorContext<Object> context, PreStartTarget<ProcessMessage> target) {
    Behavior<ProcessMessage> started = null;
    try {
      try {
        started = stoppedNormally(target.start(context));
      } catch (RuntimeException e) {
        started = crashed(e);
      }
      return started;
    } finally {
      if (started == null || !Behavior.isAlive(started)) {
        // Stopped (or threw an Error) while starting: no PostStop will reach this interceptor.
        starter.stopped(process);
      }
    }
  }

  @Override
  public Behavior<ProcessMessage> aroundSignal(
      TypedActorContext<Object> context,
      org.apache.pekko.actor.typed.Signal signal,
      SignalTarget<ProcessMessage> target) {
    if (signal != PostStop.instance()) {
      return target.apply(context, signal);
    }
    try {
      return target.apply(context, signal);
    } finally {
      starter.stopped(process);
    }
  }

  @Override
  public Behavior<ProcessMessage> aroundReceive(
      TypedActorContext<Object> context, Object message, ReceiveTarget<ProcessMessage> target) {
    if (message instanceof Signal signal) {
      return onSignal(context, signal, target);
    }
    if (message instanceof Stop stop) {
      return exit(stop.reason());
    }
    if (message instanceof ProcessMessage.Down down && !process.downHandled(down.ref())) {
      // demonitor(Ref, [flush]) came after this DOWN was told.
      return Behaviors.same();
    }
    return apply(context, (ProcessMessage) message, target);
  }

  private Behavior<ProcessMessage> onSignal(
      TypedActorContext<Object> context, Signal signal, ReceiveTarget<ProcessMessage> target) {
    Term reason = signal.reason();
    if (!signal.exit2() && !process.unlink(signal.from())) {
      // The link was removed (unlink, or already broken): its exit signal no longer applies.
      return Behaviors.same();
    }
    if (signal.exit2() && ExitReason.KILL.equals(reason)) {
      return exit(ExitReason.KILLED);
    }
    if (process.trapsExits()) {
      return apply(context, new ProcessMessage.ExitSignal(signal.from(), reason), target);
    }
    if (ExitReason.isNormal(reason) && !signal.from().equals(process.pid)) {
      return Behaviors.same();
    }
    return exit(reason);
  }

  private Behavior<ProcessMessage> apply(
      TypedActorContext<Object> context,
      ProcessMessage message,
      ReceiveTarget<ProcessMessage> target) {
    try {
      return stoppedNormally(target.apply(context, message));
    } catch (RuntimeException e) {
      return crashed(e);
    }
  }

  private Behavior<ProcessMessage> stoppedNormally(Behavior<ProcessMessage> next) {
    if (!Behavior.isAlive(next)) {
      process.exiting(ExitReason.NORMAL);
    }
    return next;
  }

  private Behavior<ProcessMessage> crashed(RuntimeException e) {
    Term reason = ExitReason.of(e);
    LOG.warn("process {} crashed: {}", process.pid, reason, e);
    return exit(reason);
  }

  private Behavior<ProcessMessage> exit(Term reason) {
    process.exiting(reason);
    return Behaviors.stopped();
  }
}
