package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.util.Objects;

/**
 * What a process's behavior knows about itself: its pid and its node, and how it sends as itself
 * (the sender of SEND_SENDER and REG_SEND is {@link #self()}). Given to the factory of {@link
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
}
