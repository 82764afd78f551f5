package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long node names ({@code erl -name name@host}) both ways: a Java node named {@code name@127.0.0.1}
 * and an erl node started with {@code -name} on the same address.
 */
class LongNamesInteropTest {
  private static final String COOKIE = "peerl_long_names_cookie";
  private static final String HOST = "127.0.0.1";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE).longName(HOST));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(HOST, COOKIE, "");
    java.echo("echo");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  @Test
  void anErlNodeWithALongNameDialsTheJavaNodeAndGetsTheEcho() {
    assertTrue(erlang.node().nodeName().endsWith("@" + HOST), erlang.node().nodeName());
    erlang.node().eval("erlang:disconnect_node(J)", Map.of("J", java.name()));
    Term reply =
        erlang
            .node()
            .eval(
                "{echo, J} ! {self(), long_names}, receive R -> R after 5000 -> timeout end",
                Map.of("J", java.name()));
    assertEquals(Atom.of("long_names"), reply);
  }

  @Test
  void theJavaNodeDialsAnErlNodeWithALongName() throws Exception {
    erlang
        .node()
        .eval("register(long_echo, spawn(fun Loop() -> receive {F, M} -> F ! M, Loop() end end))");
    java.node.disconnect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    ProcessProbe p = ProcessProbe.spawn(java, null, false);
    p.ctx()
        .send(
            Atom.of("long_echo"),
            erlang.node().nodeAtom(),
            Tuple.of(p.pid(), Atom.of("long_names")));
    assertEquals(new Message(Atom.of("long_names")), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }
}
