package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.util.Objects;

/**
 * Where a {@code gen_server} is: a pid, or a name registered on a node ({@code {Name, Node}}), as
 * the first argument of {@code gen_server:call}.
 */
public sealed interface ServerRef {

  /** The server's node. */
  Atom node();

  /** The server as Erlang writes it: the pid, or {@code {Name, Node}}. */
  Term toTerm();

  /** A server by pid. */
  record ByPid(Pid pid) implements ServerRef {
    public ByPid {
      Objects.requireNonNull(pid, "pid");
    }

    @Override
    public Atom node() {
      return pid.node();
    }

    @Override
    public Term toTerm() {
      return pid;
    }

    @Override
    public String toString() {
      return pid.toString();
    }
  }

  /** A server registered as {@code name} on {@code node}. */
  record Registered(Atom name, Atom node) implements ServerRef {
    public Registered {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(node, "node");
    }

    @Override
    public Term toTerm() {
      return Tuple.of(name, node);
    }

    @Override
    public String toString() {
      return "{" + name + ", " + node + "}";
    }
  }

  static ServerRef of(Pid pid) {
    return new ByPid(pid);
  }

  static ServerRef of(Atom name, Atom node) {
    return new Registered(name, node);
  }

  static ServerRef of(String name, Atom node) {
    return new Registered(Atom.of(name), node);
  }

  /**
   * Reads a server from a term: a pid or {@code {Name, Node}}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static ServerRef fromTerm(Term term) {
    if (term instanceof Pid pid) {
      return new ByPid(pid);
    }
    if (term instanceof Tuple t
        && t.arity() == 2
        && t.get(0) instanceof Atom name
        && t.get(1) instanceof Atom node) {
      return new Registered(name, node);
    }
    throw new IllegalArgumentException("not a pid or {Name, Node}: " + term);
  }
}
