package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Ref;
import dev.peerl.runtime.process.AliasMode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.runtime.process.ProcessNotAliveException;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Process aliases ({@code alias/0,1}, {@code unalias/1}, ALIAS_SEND) with a real erl node. */
class AliasInteropTest {
  private static final String COOKIE = "peerl_alias_cookie";
  private static final Atom ONE = Atom.of("one");
  private static final Atom TWO = Atom.of("two");

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder().cookie(COOKIE).codePath(ErlAgents.codePath()));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  private static final ErlAgents agents = new ErlAgents(erlang::node);

  private static JavaNode java() {
    return javaNode.get();
  }

  @Test
  void erlSendsToAJavaAlias() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Ref alias = p.ctx().alias();
    agents.eval("A ! one", "A", alias);
    assertEquals(new Message(ONE), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaSendsToAnErlAlias() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    String a = agents.agent(false);
    Ref alias = (Ref) agents.run(a, "fun() -> alias() end");
    p.ctx().send(alias, ONE);
    assertEquals(ErlList.of(ONE), agents.inbox(a, 1));
  }

  @Test
  void afterUnaliasErlSendsToTheJavaAliasVanish() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Ref alias = p.ctx().alias();
    agents.eval("A ! one", "A", alias);
    assertEquals(new Message(ONE), p.inbox().receiveMessage(JavaNode.DEADLINE));
    assertTrue(p.ctx().unalias(alias));
    assertFalse(p.ctx().unalias(alias));
    long undeliverable = stats().undeliverable();
    agents.eval("A ! two", "A", alias);
    agents.assertAlive(p);
    assertEquals(undeliverable + 1, stats().undeliverable());
  }

  @Test
  void afterErlUnaliasesJavaSendsToItVanish() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    String a = agents.agent(false);
    Ref alias = (Ref) agents.run(a, "fun() -> alias() end");
    agents.run(a, "fun() -> unalias(A) end", "A", alias);
    p.ctx().send(alias, ONE);
    p.ctx().send(agents.pid(a), TWO);
    assertEquals(ErlList.of(TWO), agents.inbox(a, 1));
  }

  @Test
  void aReplyAliasPassesOneMessageFromErl() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Ref alias = p.ctx().alias(AliasMode.REPLY);
    agents.eval("A ! one, A ! two", "A", alias);
    assertEquals(new Message(ONE), p.inbox().receiveMessage(JavaNode.DEADLINE));
    agents.assertAlive(p);
    assertFalse(p.ctx().unalias(alias));
  }

  @Test
  void anErlReplyAliasPassesOneMessageFromJava() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    String a = agents.agent(false);
    Ref alias = (Ref) agents.run(a, "fun() -> alias([reply]) end");
    p.ctx().send(alias, ONE);
    p.ctx().send(alias, TWO);
    p.ctx().send(agents.pid(a), Atom.of("three"));
    assertEquals(ErlList.of(ONE, Atom.of("three")), agents.inbox(a, 2));
  }

  @Test
  void localAliasesDeliverUntilTheOwnerStops() throws Exception {
    ProcessProbe owner = ProcessProbe.spawn(java(), null, false);
    ProcessProbe sender = ProcessProbe.spawn(java(), null, false);
    Ref alias = owner.ctx().alias();
    sender.ctx().send(alias, ONE);
    assertEquals(new Message(ONE), owner.inbox().receiveMessage(JavaNode.DEADLINE));
    owner.stopAndAwaitDown(sender, ExitReason.NORMAL);
    assertThrows(ProcessNotAliveException.class, () -> owner.ctx().alias());
    long undeliverable = stats().undeliverable();
    agents.eval("A ! two", "A", alias);
    agents.assertAlive(sender);
    assertEquals(undeliverable + 1, stats().undeliverable());
  }

  private static ConnectionStats stats() {
    return java().node.connectionStats(erlang.node().nodeAtom()).orElseThrow();
  }
}
