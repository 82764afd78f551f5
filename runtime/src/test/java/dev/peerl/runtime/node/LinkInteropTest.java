package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessMessage.Down;
import dev.peerl.runtime.process.ProcessMessage.ExitSignal;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.runtime.process.ProcessNotAliveException;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Links, exit signals, monitors and nodedown between Java processes and a real erl node. */
class LinkInteropTest {
  private static final String COOKIE = "peerl_link_cookie";
  private static final Atom BOOM = Atom.of("boom");
  private static final AtomicLong NAMES = new AtomicLong();

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder().cookie(COOKIE).codePath(ErlAgents.codePath()));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  private static JavaNode java() {
    return javaNode.get();
  }

  private static final ErlAgents agents = new ErlAgents(erlang::node);

  private static ProcessProbe probe(boolean trap) throws Exception {
    return ProcessProbe.spawn(java(), null, trap);
  }

  private static String agent(boolean trap) {
    return agents.agent(trap);
  }

  private static Pid agentPid(String agent) {
    return agents.pid(agent);
  }

  private static Term eval(String expression, Object... bindings) {
    return agents.eval(expression, bindings);
  }

  private static Term inbox(String agent, int count) {
    return agents.inbox(agent, count);
  }

  // ---- links ----

  @Test
  void anErlProcessExitingWithBoomKillsTheLinkedJavaProcess() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
  }

  @Test
  void aTrappingJavaProcessGetsTheExitAsAnExitSignal() throws Exception {
    ProcessProbe p = probe(true);
    String a = agent(false);
    Pid agent = agentPid(a);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(new ExitSignal(agent, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
    agents.assertAlive(p);
  }

  @Test
  void anExitWithReasonNormalLeavesANonTrappingLinkedJavaProcessAlive() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", normal)");
    agents.assertAlive(p);
  }

  @Test
  void afterErlUnlinksItsExitDoesNothing() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J), unlink(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    agents.assertAlive(p);
  }

  @Test
  void afterJavaUnlinksTheErlExitDoesNothing() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    Pid agent = agentPid(a);
    p.ctx().link(agent);
    p.ctx().unlink(agent);
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    agents.assertAlive(p);
  }

  @Test
  void aJavaProcessStoppingWithBoomSendsTheExitToALinkedTrappingErlProcess() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(true);
    p.ctx().link(agentPid(a));
    p.ctx().stop(BOOM);
    assertEquals(ErlList.of(Tuple.of(Atom.of("EXIT"), p.pid(), BOOM)), inbox(a, 1));
  }

  @Test
  void aJavaProcessLinkedByErlPropagatesItsOwnDeathToItsJavaLinks() throws Exception {
    ProcessProbe linked = probe(false);
    ProcessProbe watcher = probe(true);
    watcher.ctx().link(linked.pid());
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", linked.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(
        new ExitSignal(linked.pid(), BOOM), watcher.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void exitKillFromErlKillsEvenATrappingJavaProcessAndItsLinksSeeKilled() throws Exception {
    ProcessProbe p = probe(true);
    String a = agent(true);
    p.ctx().link(agentPid(a));
    eval("exit(J, kill)", "J", p.pid());
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
    assertEquals(ErlList.of(Tuple.of(Atom.of("EXIT"), p.pid(), ExitReason.KILLED)), inbox(a, 1));
  }

  @Test
  void exitFromErlWithAnotherReasonReachesATrappingJavaProcessAsAnExitSignal() throws Exception {
    ProcessProbe p = probe(true);
    Pid sender = (Pid) eval("exit(J, boom), self()", "J", p.pid());
    assertEquals(new ExitSignal(sender, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void exitKillFromJavaKillsATrappingErlProcess() throws Exception {
    ProcessProbe p = probe(false);
    Pid agent = agentPid(agent(true));
    CompletableFuture<Term> watched =
        CompletableFuture.supplyAsync(
            () ->
                eval(
                    "M = erlang:monitor(process, A), J ! go,"
                        + " receive {'DOWN', M, process, A, R} -> R after 5000 -> timeout end",
                    "A",
                    agent,
                    "J",
                    p.pid()));
    // The monitor is set before "go" is sent: the exit comes after it.
    assertEquals(new Message(Atom.of("go")), p.inbox().receiveMessage(JavaNode.DEADLINE));
    p.ctx().exit(agent, ExitReason.KILL);
    assertEquals(ExitReason.KILLED, watched.get(10, TimeUnit.SECONDS));
  }

  @Test
  void erlLinkingToADeadJavaPidGetsNoproc() throws Exception {
    ProcessProbe p = probe(false);
    p.ctx().stop(ExitReason.NORMAL);
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
    String a = agent(true);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    assertEquals(ErlList.of(Tuple.of(Atom.of("EXIT"), p.pid(), ExitReason.NOPROC)), inbox(a, 1));
  }

  @Test
  void aThrowingBehaviorStopsWithTheExceptionAsReason() throws Exception {
    String a = agent(true);
    Pid agent = agentPid(a);
    ProcessRef crashing =
        java()
            .node
            .spawn(
                ctx -> {
                  ctx.link(agent);
                  return Behaviors.receive(ProcessMessage.class)
                      .onAnyMessage(
                          m -> {
                            throw new IllegalStateException("bad state");
                          })
                      .build();
                });
    java().node.send(crashing.pid(), crashing.pid(), ProcessProbe.PING);
    Tuple exit = (Tuple) ((ErlList) inbox(a, 1)).elements().get(0);
    assertEquals(
        Tuple.of(
            Atom.of("EXIT"),
            crashing.pid(),
            Tuple.of(
                Atom.of("java.lang.IllegalStateException"),
                dev.peerl.codec.Binary.of("bad state"))),
        exit);
  }

  @Test
  void localLinksPropagateAndNormalDoesNotKill() throws Exception {
    ProcessProbe trapping = probe(true);
    ProcessProbe plain = probe(false);
    ProcessProbe dying = probe(false);
    trapping.ctx().link(plain.pid());
    plain.ctx().link(dying.pid());
    ProcessProbe normal = probe(false);
    plain.ctx().link(normal.pid());
    normal.ctx().stop(ExitReason.NORMAL);
    normal.inbox().expectTerminated(normal.ref().actor(), JavaNode.DEADLINE);
    dying.ctx().stop(BOOM);
    plain.inbox().expectTerminated(plain.ref().actor(), JavaNode.DEADLINE);
    assertEquals(
        new ExitSignal(plain.pid(), BOOM), trapping.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  // ---- monitors ----

  @Test
  void erlMonitoringAJavaPidGetsDownWithTheExitReason() throws Exception {
    ProcessProbe normal = probe(false);
    ProcessProbe crashing = probe(false);
    String a = agent(false);
    Ref r1 =
        (Ref)
            eval(
                "peerl_link_test:do("
                    + a
                    + ", fun() -> R = erlang:monitor(process, J), J ! applied, R end)",
                "J",
                normal.pid());
    Ref r2 =
        (Ref)
            eval(
                "peerl_link_test:do("
                    + a
                    + ", fun() -> R = erlang:monitor(process, J), J ! applied, R end)",
                "J",
                crashing.pid());
    agents.awaitApplied(normal);
    agents.awaitApplied(crashing);
    normal.ctx().stop(ExitReason.NORMAL);
    normal.inbox().expectTerminated(normal.ref().actor(), JavaNode.DEADLINE);
    crashing.ctx().stop(BOOM);
    Atom down = Atom.of("DOWN");
    Atom process = Atom.of("process");
    // Two processes' deaths reach the node's guardian in either order.
    assertEquals(
        Set.of(
            Tuple.of(down, r1, process, normal.pid(), ExitReason.NORMAL),
            Tuple.of(down, r2, process, crashing.pid(), BOOM)),
        Set.copyOf(((ErlList) inbox(a, 2)).elements()));
  }

  @Test
  void erlMonitoringAJavaProcessByNameGetsDownWithTheNameAndNode() throws Exception {
    String name = "monitored_" + NAMES.incrementAndGet();
    ProcessProbe p = ProcessProbe.spawn(java(), name, false);
    String a = agent(false);
    Ref ref =
        (Ref)
            eval(
                "peerl_link_test:do("
                    + a
                    + ", fun() -> R = erlang:monitor(process, {"
                    + name
                    + ", N}), J ! applied, R end)",
                "N",
                java().name(),
                "J",
                p.pid());
    agents.awaitApplied(p);
    p.ctx().stop(BOOM);
    assertEquals(
        ErlList.of(
            Tuple.of(
                Atom.of("DOWN"),
                ref,
                Atom.of("process"),
                Tuple.of(Atom.of(name), java().name()),
                BOOM)),
        inbox(a, 1));
  }

  @Test
  void erlDemonitoringAJavaPidGetsNoDown() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    eval(
        "peerl_link_test:do(" + a + ", fun() -> erlang:demonitor(erlang:monitor(process, J)) end)",
        "J",
        p.pid());
    p.ctx().stop(BOOM);
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
    eval("A ! after_stop", "A", agentPid(a));
    assertEquals(ErlList.of(Atom.of("after_stop")), inbox(a, 1));
  }

  @Test
  void javaMonitoringAnErlPidGetsDownWhenItExits() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    Pid agent = agentPid(a);
    Ref ref = p.ctx().monitor(agent);
    agents.awaitApplied(java(), p, a);
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(new Down(ref, agent, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaMonitoringALiveErlProcessByNameGetsDownWithTheNameAndTheReason() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    Atom erl = erlang.node().nodeAtom();
    Ref ref = p.ctx().monitor(Atom.of(a), erl);
    agents.awaitApplied(java(), p, a);
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(
        new Down(ref, Tuple.of(Atom.of(a), erl), BOOM),
        p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaMonitoringADeadErlPidOrAMissingNameGetsNoproc() throws Exception {
    ProcessProbe p = probe(false);
    Pid dead =
        (Pid)
            eval(
                "P = spawn(fun() -> ok end), M = erlang:monitor(process, P),"
                    + " receive {'DOWN', M, _, _, _} -> P end");
    Ref byPid = p.ctx().monitor(dead);
    assertEquals(
        new Down(byPid, dead, ExitReason.NOPROC), p.inbox().receiveMessage(JavaNode.DEADLINE));
    Atom missing = Atom.of("nobody_here");
    Ref byName = p.ctx().monitor(missing, erlang.node().nodeAtom());
    assertEquals(
        new Down(byName, Tuple.of(missing, erlang.node().nodeAtom()), ExitReason.NOPROC),
        p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaDemonitoringAnErlPidGetsNoDown() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    Ref ref = p.ctx().monitor(agentPid(a));
    assertTrue(p.ctx().demonitor(ref));
    assertFalse(p.ctx().demonitor(ref));
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    agents.assertAlive(p);
  }

  @Test
  void localMonitorsFireWithTheReasonAndNoprocForTheDead() throws Exception {
    ProcessProbe watcher = probe(false);
    ProcessProbe target = probe(false);
    Ref ref = watcher.ctx().monitor(target.pid());
    target.ctx().stop(BOOM);
    assertEquals(
        new Down(ref, target.pid(), BOOM), watcher.inbox().receiveMessage(JavaNode.DEADLINE));
    target.inbox().expectTerminated(target.ref().actor(), JavaNode.DEADLINE);
    Ref again = watcher.ctx().monitor(target.pid());
    assertEquals(
        new Down(again, target.pid(), ExitReason.NOPROC),
        watcher.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void demonitorAndFlushDropsADownAlreadyInTheMailbox() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<ProcessMessage> inbox = java().testKit.createTestProbe();
    ProcessRef watcher =
        java()
            .node
            .spawn(
                ctx ->
                    Behaviors.receive(ProcessMessage.class)
                        .onMessage(
                            Message.class,
                            m -> m.body().equals(Atom.of("block")),
                            m -> {
                              blocked.countDown();
                              assertTrue(release.await(10, TimeUnit.SECONDS));
                              return Behaviors.same();
                            })
                        .onAnyMessage(
                            m -> {
                              inbox.getRef().tell(m);
                              return Behaviors.same();
                            })
                        .build());
    ProcessProbe dead = probe(false);
    dead.stopAndAwaitDown(probe(false), ExitReason.NORMAL);
    java().node.send(watcher.pid(), watcher.pid(), Atom.of("block"));
    assertTrue(blocked.await(10, TimeUnit.SECONDS));
    // Both DOWNs (noproc) are told at once, behind the message being handled.
    Ref flushed = java().node.monitor(watcher.pid(), dead.pid());
    Ref kept = java().node.monitor(watcher.pid(), dead.pid());
    assertFalse(java().node.demonitorAndFlush(watcher.pid(), flushed));
    assertFalse(java().node.demonitor(watcher.pid(), kept));
    release.countDown();
    java().node.send(watcher.pid(), watcher.pid(), ProcessProbe.PING);
    assertEquals(
        new Down(kept, dead.pid(), ExitReason.NOPROC), inbox.receiveMessage(JavaNode.DEADLINE));
    assertEquals(new Message(ProcessProbe.PING), inbox.receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void theContextOfAStoppedProcessThrowsProcessNotAlive() throws Exception {
    ProcessProbe p = probe(false);
    ProcessProbe other = probe(false);
    p.stopAndAwaitDown(other, ExitReason.NORMAL);
    ProcessContext ctx = p.ctx();
    for (Executable call :
        List.<Executable>of(
            () -> ctx.link(other.pid()),
            () -> ctx.monitor(other.pid()),
            () -> ctx.trapExit(true),
            () -> ctx.alias(),
            () -> ctx.groupLeader(),
            () -> ctx.stop(ExitReason.NORMAL))) {
      ProcessNotAliveException e = assertThrows(ProcessNotAliveException.class, call);
      assertEquals(p.pid(), e.pid());
    }
  }

  // ---- group leaders ----

  @Test
  void erlSetsTheGroupLeaderOfAJavaProcess() throws Exception {
    ProcessProbe p = probe(false);
    assertEquals(Optional.empty(), p.ctx().groupLeader());
    Pid leader = (Pid) eval("G = group_leader(), group_leader(G, J), J ! applied, G", "J", p.pid());
    agents.awaitApplied(p);
    assertEquals(Optional.of(leader), p.ctx().groupLeader());
  }

  @Test
  void javaSetsTheGroupLeaderOfAnErlProcess() throws Exception {
    ProcessProbe p = probe(false);
    String a = agent(false);
    java().node.groupLeader(p.pid(), agentPid(a));
    agents.awaitApplied(java(), p, a);
    assertEquals(p.pid(), agents.run(a, "fun() -> group_leader() end"));
  }

  // ---- nodedown ----

  @Test
  void killingTheErlNodeBreaksLinksAndMonitorsWithNoconnection() throws Exception {
    ErlangTestNode doomed = ErlangTestNode.builder().cookie(COOKIE).start();
    try {
      Pid remote = (Pid) doomed.eval("spawn(fun() -> receive after infinity -> ok end end)");
      ProcessProbe trapping = probe(true);
      ProcessProbe plain = probe(false);
      Ref ref = trapping.ctx().monitor(remote);
      Ref byName = trapping.ctx().monitor(Atom.of("init"), doomed.nodeAtom());
      trapping.ctx().link(remote);
      plain.ctx().link(remote);
      java().node.connect(doomed.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      // The links and monitors are broken by nodedown whether or not erl has applied them yet.
      doomed.close();
      List<ProcessMessage> got =
          List.of(
              trapping.inbox().receiveMessage(JavaNode.DEADLINE),
              trapping.inbox().receiveMessage(JavaNode.DEADLINE),
              trapping.inbox().receiveMessage(JavaNode.DEADLINE));
      assertTrue(got.contains(new ExitSignal(remote, ExitReason.NOCONNECTION)), got.toString());
      assertTrue(got.contains(new Down(ref, remote, ExitReason.NOCONNECTION)), got.toString());
      assertTrue(
          got.contains(
              new Down(
                  byName, Tuple.of(Atom.of("init"), doomed.nodeAtom()), ExitReason.NOCONNECTION)),
          got.toString());
      plain.inbox().expectTerminated(plain.ref().actor(), JavaNode.DEADLINE);
      trapping.inbox().expectNoMessage(Duration.ofMillis(200));
    } finally {
      doomed.close();
    }
  }

  @Test
  void droppingTheConnectionFromBothSidesAtOnceBreaksEachLinkAndMonitorExactlyOnce()
      throws Exception {
    ErlangTestNode peer = ErlangTestNode.builder().cookie(COOKIE).start();
    TestProbe<NodeEvent> events = java().testKit.createTestProbe();
    try {
      // An erl process that answers {From, Msg} with Msg, registered as held.
      Pid remote =
          (Pid)
              peer.eval(
                  "P = spawn(fun Loop() -> receive {F, M} -> F ! M, Loop() end end),"
                      + " register(held, P), P");
      ProcessProbe trapping = probe(true);
      Ref byPid = trapping.ctx().monitor(remote);
      Ref byName = trapping.ctx().monitor(Atom.of("held"), peer.nodeAtom());
      trapping.ctx().link(remote);
      // The answer comes after erl applied the LINK and MONITOR_Ps sent before the question.
      trapping.ctx().send(remote, Tuple.of(trapping.pid(), Atom.of("applied")));
      assertEquals(
          new Message(Atom.of("applied")), trapping.inbox().receiveMessage(JavaNode.DEADLINE));
      java().node.monitorNodes(events.getRef());

      // Both sides close at the same wall-clock instant.
      long at = System.currentTimeMillis() + 100;
      CompletableFuture<Term> erlClosed =
          CompletableFuture.supplyAsync(
              () ->
                  peer.eval(
                      "timer:sleep(max(0, At - os:system_time(millisecond))),"
                          + " erlang:disconnect_node(J)",
                      java.util.Map.of("At", dev.peerl.codec.Int.of(at), "J", java().name())));
      Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
      java().node.disconnect(peer.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      erlClosed.get(10, TimeUnit.SECONDS);

      NodeEvent.NodeDown down =
          events.expectMessageClass(NodeEvent.NodeDown.class, JavaNode.DEADLINE);
      assertEquals(peer.nodeAtom(), down.node());
      Set<ProcessMessage> got =
          Set.of(
              trapping.inbox().receiveMessage(JavaNode.DEADLINE),
              trapping.inbox().receiveMessage(JavaNode.DEADLINE),
              trapping.inbox().receiveMessage(JavaNode.DEADLINE));
      assertEquals(
          Set.of(
              new ExitSignal(remote, ExitReason.NOCONNECTION),
              new Down(byPid, remote, ExitReason.NOCONNECTION),
              new Down(
                  byName, Tuple.of(Atom.of("held"), peer.nodeAtom()), ExitReason.NOCONNECTION)),
          got);
      trapping.inbox().expectNoMessage(Duration.ofMillis(500));
      events.expectNoMessage(Duration.ofMillis(500));
    } finally {
      java().node.demonitorNodes(events.getRef());
      peer.close();
    }
  }

  @Test
  void stoppingTheJavaNodeGivesErlExitAndDownWithNoconnection() throws Exception {
    JavaNode leaving = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
    Pid leaver;
    Ref ref;
    String a = agent(true);
    try {
      ProcessProbe p = ProcessProbe.spawn(leaving, null, false);
      leaver = p.pid();
      ref =
          (Ref)
              eval(
                  "peerl_link_test:do("
                      + a
                      + ", fun() -> link(J), R = erlang:monitor(process, J), J ! applied, R end)",
                  "J",
                  leaver);
      agents.awaitApplied(p);
    } finally {
      leaving.close();
    }
    List<Term> got = ((ErlList) inbox(a, 2)).elements();
    assertTrue(
        got.contains(Tuple.of(Atom.of("EXIT"), leaver, ExitReason.NOCONNECTION)), got.toString());
    assertTrue(
        got.contains(
            Tuple.of(Atom.of("DOWN"), ref, Atom.of("process"), leaver, ExitReason.NOCONNECTION)),
        got.toString());
  }
}
