package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Agents on an erl test node ({@code peerl_link_test}): registered erl processes that run what they
 * are told and keep every other message, so that links, monitors and aliases are theirs.
 */
final class ErlAgents {
  private static final AtomicLong NAMES = new AtomicLong();

  private final Supplier<ErlangTestNode> node;

  ErlAgents(Supplier<ErlangTestNode> node) {
    this.node = node;
  }

  /** The code path the erl node needs for agents. */
  static Path codePath() {
    return ErlangCompiler.compileResources("peerl_link_test");
  }

  /** A new agent registered under a fresh name; the name. */
  String agent(boolean trap) {
    String name = "agent_" + NAMES.incrementAndGet();
    eval("peerl_link_test:agent(" + name + ", " + trap + ")");
    return name;
  }

  Pid pid(String agent) {
    return (Pid) eval("whereis(" + agent + ")");
  }

  /** Runs {@code fun} (Erlang source of a fun of no argument) in the agent; its result. */
  Term run(String agent, String fun, Object... bindings) {
    return eval("peerl_link_test:do(" + agent + ", " + fun + ")", bindings);
  }

  /** Evaluates on the erl node with bindings given as name, term, name, term, ... */
  Term eval(String expression, Object... bindings) {
    Map<String, Term> map = new HashMap<>();
    for (int i = 0; i < bindings.length; i += 2) {
      map.put((String) bindings[i], (Term) bindings[i + 1]);
    }
    return node.get().eval(expression, map);
  }

  /** The messages of the agent once it has at least {@code count}. */
  Term inbox(String agent, int count) {
    return eval("peerl_link_test:wait(" + agent + ", " + count + ")");
  }

  /** Proves {@code p} is alive and has handled every signal erl sent before: erl's ping arrives. */
  void assertAlive(ProcessProbe p) {
    eval("J ! ping", "J", p.pid());
    p.inbox().expectMessage(new Message(ProcessProbe.PING));
  }

  /**
   * Waits for the message erl sent after a LINK or MONITOR_P: the distribution channel keeps the
   * order, so they have been applied.
   */
  void awaitApplied(ProcessProbe p) {
    p.inbox().expectMessage(JavaNode.DEADLINE, new Message(Atom.of("applied")));
  }

  /** The same the other way: a message Java sends after its LINK or MONITOR_P reached erl. */
  void awaitApplied(JavaNode java, ProcessProbe p, String agent) {
    java.node.send(p.pid(), Atom.of(agent), node.get().nodeAtom(), Atom.of("applied"));
    assertEquals(ErlList.of(Atom.of("applied")), inbox(agent, 1));
  }
}
