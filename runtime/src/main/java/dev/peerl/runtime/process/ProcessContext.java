package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What a process's behavior knows about itself: its pid and its node, how it sends as itself (the
 * sender of SEND_SENDER and REG_SEND is {@link #self()}), and its links, exit signals and monitors
 * (Erlang's semantics, see {@code docs/runtime.md}). Every operation but sending throws {@link
 * ProcessNotAliveException} once the process has stopped. Given to the factory of {@link
 * ErlangNode#spawn}; safe to use from the behavior and from any thread.
 */
public final class ProcessContext {
  private final ErlangNode node;
  private final Pid self;

  public ProcessContext(ErlangNode node, Pid self) {
    this.node = Objects.requireNonNull(node, "node");
    this.self = Objects.requireNonNull(self, "self");
  }

  /** This process's pid. */
  public Pid self() {
    return self;
  }

  /** The node the process lives on. */
  public ErlangNode node() {
    return node;
  }

  /**
   * {@code To ! Message}: to a local or a remote pid. Never blocks; see {@link ErlangNode#send}.
   */
  public void send(Pid to, Term message) {
    node.send(self, to, message);
  }

  /** {@code {Name, Node} ! Message}: to a registered name, local when {@code node} is ours. */
  public void send(Atom name, Atom toNode, Term message) {
    node.send(self, name, toNode, message);
  }

  /** {@code Name ! Message} to a name registered on this node. */
  public void send(Atom name, Term message) {
    node.send(self, name, node.nodeName(), message);
  }

  /**
   * {@code link(Other)}: local or remote. When {@code other} does not exist, this process gets an
   * exit signal {@code noproc} (an {@link ProcessMessage.ExitSignal} if it traps exits).
   */
  public void link(Pid other) {
    node.link(self, other);
  }

  /** {@code unlink(Other)}: no exit signal from {@code other} arrives after this returns. */
  public void unlink(Pid other) {
    node.unlink(self, other);
  }

  /**
   * {@code process_flag(trap_exit, Trap)}: when true, exit signals arrive as {@link
   * ProcessMessage.ExitSignal} instead of stopping the process (except {@code exit(Pid, kill)}).
   */
  public void trapExit(boolean trap) {
    node.trapExit(self, trap);
  }

  /** {@code exit(To, Reason)}: an exit signal to {@code to}, which is not linked to need it. */
  public void exit(Pid to, Term reason) {
    node.exit(self, to, reason);
  }

  /**
   * Stops this process with {@code reason}, after the message in hand: its links get an exit signal
   * with that reason and its monitors a DOWN. Returning {@code Behaviors.stopped()} is the same
   * with {@code normal}.
   */
  public void stop(Term reason) {
    node.stop(self, reason);
  }

  /**
   * {@code erlang:monitor(process, Target)}: a {@link ProcessMessage.Down} with the returned ref
   * arrives when {@code target} exits, at once with {@code noproc} if it does not exist, and with
   * {@code noconnection} if its node goes down.
   */
  public Ref monitor(Pid target) {
    return node.monitor(self, target);
  }

  /** {@code erlang:monitor(process, {Name, Node})}: the DOWN's target is {@code {Name, Node}}. */
  public Ref monitor(Atom name, Atom onNode) {
    return node.monitor(self, name, onNode);
  }

  /** {@code erlang:demonitor(Ref)}; whether the monitor was still active. */
  public boolean demonitor(Ref ref) {
    return node.demonitor(self, ref);
  }

  /**
   * {@code erlang:demonitor(Ref, [flush])}: as {@link #demonitor(Ref)}, and a {@link
   * ProcessMessage.Down} of that monitor that was already on its way is never handled.
   */
  public boolean demonitorAndFlush(Ref ref) {
    return node.demonitorAndFlush(self, ref);
  }

  /**
   * {@code erlang:spawn_request(Node, Module, Function, Args, Options)}: starts {@code
   * Module:Function(Args...)} on another node; completes with its pid, or fails with {@link
   * SpawnException}. With {@link SpawnOption#LINK} the new process is linked to this one; with
   * {@link SpawnOption#MONITOR} this one monitors it: a {@link ProcessMessage.Down} whose target is
   * the new pid arrives when it exits (also if it exits before the stage completes). Its group
   * leader is this process's, or this process if it has none (its I/O requests then come here).
   */
  public CompletionStage<Pid> spawnRequest(
      Atom onNode, Atom module, Atom function, List<Term> args, SpawnOption... options) {
    return node.spawnRequest(self, onNode, module, function, args, options);
  }

  /**
   * {@code erlang:alias()}: a reference that other processes, here or on any node, send to ({@link
   * #send(Ref, Term)}, {@code Alias ! Msg} in Erlang) to reach this process, until {@link #unalias}
   * or this process stops.
   */
  public Ref alias() {
    return node.alias(self);
  }

  /** {@code erlang:alias([Mode])}: see {@link AliasMode}. */
  public Ref alias(AliasMode mode) {
    return node.alias(self, mode);
  }

  /**
   * {@code erlang:unalias(Alias)}: messages sent to {@code alias} afterwards are dropped; whether
   * it was an active alias of this process.
   */
  public boolean unalias(Ref alias) {
    return node.unalias(self, alias);
  }

  /**
   * {@code Alias ! Message}: to the process that made {@code alias}, here or on another node;
   * dropped if the alias is not active.
   */
  public void send(Ref alias, Term message) {
    node.send(self, alias, message);
  }

  /**
   * {@code group_leader()}: the process's group leader: the one a remote spawn request named, or
   * the last one set by {@code group_leader/2} (from Erlang or {@link ErlangNode#groupLeader(Pid,
   * Pid)}); empty for a process spawned from Java and never given one.
   */
  public Optional<Pid> groupLeader() {
    return node.groupLeader(self);
  }
}
