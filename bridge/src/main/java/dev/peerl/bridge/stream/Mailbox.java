package dev.peerl.bridge.stream;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessNotAliveException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The materialized value of a mailbox {@link ErlangSource}: the process whose messages the stream
 * emits. Thread-safe; usable from any thread.
 */
public final class Mailbox {
  private final ErlangNode node;
  private final Pid pid;
  private final Optional<Atom> name;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicReference<Term> exitReason;

  Mailbox(ErlangNode node, Pid pid, Optional<Atom> name, AtomicReference<Term> exitReason) {
    this.node = node;
    this.pid = pid;
    this.name = name;
    this.exitReason = exitReason;
  }

  /** The process's pid: send to it from Erlang ({@code Pid ! Msg}) or Java. */
  public Pid pid() {
    return pid;
  }

  /** The name the process is registered under, if one was asked for. */
  public Optional<Atom> name() {
    return name;
  }

  /** How many messages the overflow strategy has dropped so far. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Stops the process with reason {@code normal}: the stream completes once it has emitted what was
   * buffered. Nothing happens if the process has stopped already.
   */
  public void stop() {
    stop(ExitReason.NORMAL);
  }

  /**
   * Links the process to {@code other}: if {@code other} exits with a reason other than {@code
   * normal}, the stream fails with {@link ProcessExitException} (or, with {@link
   * MailboxSettings#withTrapExits(boolean)}, emits {@code {'EXIT', Other, Reason}}); if the stream
   * ends first, {@code other} gets the process's exit.
   *
   * @throws ProcessNotAliveException if the process has stopped
   */
  public void link(Pid other) {
    node.link(pid, other);
  }

  /** Removes a link made by {@link #link(Pid)} or by the other process. */
  public void unlink(Pid other) {
    node.unlink(pid, other);
  }

  /**
   * Monitors {@code target} as the process: the stream emits {@code {'DOWN', Ref, process, Target,
   * Reason}} when it exits, as Erlang's {@code monitor/2} delivers it.
   */
  public Ref monitor(Pid target) {
    return node.monitor(pid, target);
  }

  /** Monitors the process registered as {@code name} on {@code onNode}. */
  public Ref monitor(Atom name, Atom onNode) {
    return node.monitor(pid, name, onNode);
  }

  /** Removes a monitor; a DOWN already received may still be emitted. */
  public boolean demonitor(Ref ref) {
    return node.demonitor(pid, ref);
  }

  @Override
  public String toString() {
    return "Mailbox(" + pid + name.map(n -> ", " + n.name()).orElse("") + ")";
  }

  // ---- for the stage ----

  /** Stops the process with {@code reason} unless it is stopping already. */
  void stop(Term reason) {
    if (exitReason.compareAndSet(null, reason)) {
      try {
        node.stop(pid, reason);
      } catch (ProcessNotAliveException alreadyStopped) {
        // It was killed or stopped in the meantime: its own end is reported.
      }
    }
  }

  /**
   * Why the process stopped: the reason it was stopped with, or {@code killed} when it was stopped
   * from outside (an untrappable {@code exit(Pid, kill)}, the node shutting down).
   */
  static Term exitReason(AtomicReference<Term> exitReason) {
    Term reason = exitReason.get();
    return reason == null ? ExitReason.KILLED : reason;
  }

  long droppedOne() {
    return dropped.incrementAndGet();
  }
}
