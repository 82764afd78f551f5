package dev.peerl.bridge.genserver;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;

/**
 * The shapes of {@code gen}'s messages, as {@code lib/stdlib/src/gen.erl} and {@code
 * gen_server.erl} send them: {@code {'$gen_call', {Pid, Tag}, Request}} and {@code {'$gen_cast',
 * Message}}, answered by {@code {Tag, Reply}} sent to {@code Pid}. OTP 24+ callers use the tag
 * {@code [alias | Mref]}, older ones and we a plain reference: a reply sent to the pid fits both.
 */
final class GenMessages {
  static final Atom GEN_CALL = Atom.of("$gen_call");
  static final Atom GEN_CAST = Atom.of("$gen_cast");

  /** The message a process sends itself when one of its calls runs out of time. */
  static final Atom CALL_TIMEOUT = Atom.of("$peerl_call_timeout");

  static final Atom EXIT = Atom.of("EXIT");
  static final Atom DOWN = Atom.of("DOWN");
  static final Atom PROCESS = Atom.of("process");

  private GenMessages() {}

  static Tuple call(Pid caller, Term tag, Term request) {
    return Tuple.of(GEN_CALL, Tuple.of(caller, tag), request);
  }

  static Tuple cast(Term message) {
    return Tuple.of(GEN_CAST, message);
  }

  /**
   * The caller of {@code {'$gen_call', {Pid, Tag}, Request}}, or null when {@code body} is not a
   * well-formed call (it then goes to the info handler, as in OTP, where a malformed call is just
   * another message).
   */
  static Tuple callerOf(Term body) {
    if (body instanceof Tuple call
        && call.isTagged(GEN_CALL, 3)
        && call.get(1) instanceof Tuple from
        && from.arity() == 2
        && from.get(0) instanceof Pid) {
      return from;
    }
    return null;
  }

  /** {@code erlang:monitor(process, Server)} by {@code self}. */
  static Ref monitor(ErlangNode node, Pid self, ServerRef server) {
    if (server instanceof ServerRef.ByPid p) {
      return node.monitor(self, p.pid());
    }
    ServerRef.Registered r = (ServerRef.Registered) server;
    return node.monitor(self, r.name(), r.node());
  }

  /** {@code Server ! Message} from {@code self}. */
  static void send(ErlangNode node, Pid self, ServerRef server, Term message) {
    if (server instanceof ServerRef.ByPid p) {
      node.send(self, p.pid(), message);
    } else {
      ServerRef.Registered r = (ServerRef.Registered) server;
      node.send(self, r.name(), r.node(), message);
    }
  }
}
