package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Links, exit signals, monitors and nodedown between Java processes and a real erl node. */
class LinkInteropTest {
  private static final String COOKIE = "peerl_link_cookie";
  private static final Atom BOOM = Atom.of("boom");
  private static final Atom PING = Atom.of("ping");
  private static final AtomicLong NAMES = new AtomicLong();

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_link_test")));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** A Java process that hands everything it receives to {@code inbox}. */
  record Probe(ProcessRef ref, ProcessContext ctx, TestProbe<ProcessMessage> inbox) {
    Pid pid() {
      return ref.pid();
    }
  }

  private static Probe probe(JavaNode on, String name, boolean trap) throws Exception {
    TestProbe<ProcessMessage> inbox = on.testKit.createTestProbe();
    CompletableFuture<ProcessContext> context = new CompletableFuture<>();
    Function<ProcessContext, Behavior<ProcessMessage>> factory =
        ctx -> {
          ctx.trapExit(trap);
          context.complete(ctx);
          return Behaviors.receive(ProcessMessage.class)
              .onAnyMessage(
                  m -> {
                    inbox.getRef().tell(m);
                    return Behaviors.same();
                  })
              .build();
        };
    ProcessRef ref = name == null ? on.node.spawn(factory) : on.node.spawn(name, factory);
    return new Probe(ref, context.get(10, TimeUnit.SECONDS), inbox);
  }

  private static Probe probe(boolean trap) throws Exception {
    return probe(java, null, trap);
  }

  /** An erl process registered under a fresh name; the name. */
  private static String agent(boolean trap) {
    String name = "agent_" + NAMES.incrementAndGet();
    eval("peerl_link_test:agent(" + name + ", " + trap + ")");
    return name;
  }

  private static Pid agentPid(String agent) {
    return (Pid) eval("whereis(" + agent + ")");
  }

  private static Term eval(String expression, Object... bindings) {
    Map<String, Term> map = new HashMap<>();
    for (int i = 0; i < bindings.length; i += 2) {
      map.put((String) bindings[i], (Term) bindings[i + 1]);
    }
    return erlang.node().eval(expression, map);
  }

  private static Term inbox(String agent, int count) {
    return eval("peerl_link_test:wait(" + agent + ", " + count + ")");
  }

  /** Proves {@code p} is alive and has handled every signal erl sent before: erl's ping arrives. */
  private static void assertAlive(Probe p) {
    eval("J ! ping", "J", p.pid());
    p.inbox().expectMessage(new Message(PING));
  }

  /**
   * Waits for the message erl sent after a LINK or MONITOR_P: the distribution channel keeps the
   * order, so they have been applied.
   */
  private static void awaitApplied(Probe p) {
    p.inbox().expectMessage(JavaNode.DEADLINE, new Message(Atom.of("applied")));
  }

  /** The same the other way: a message Java sends after its LINK or MONITOR_P reached erl. */
  private static void awaitApplied(Probe p, String agent) {
    java.node.send(p.pid(), Atom.of(agent), erlang.node().nodeAtom(), Atom.of("applied"));
    assertEquals(ErlList.of(Atom.of("applied")), inbox(agent, 1));
  }

  // ---- links ----

  @Test
  void anErlProcessExitingWithBoomKillsTheLinkedJavaProcess() throws Exception {
    Probe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
  }

  @Test
  void aTrappingJavaProcessGetsTheExitAsAnExitSignal() throws Exception {
    Probe p = probe(true);
    String a = agent(false);
    Pid agent = agentPid(a);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(new ExitSignal(agent, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
    assertAlive(p);
  }

  @Test
  void anExitWithReasonNormalLeavesANonTrappingLinkedJavaProcessAlive() throws Exception {
    Probe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", normal)");
    assertAlive(p);
  }

  @Test
  void afterErlUnlinksItsExitDoesNothing() throws Exception {
    Probe p = probe(false);
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J), unlink(J) end)", "J", p.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertAlive(p);
  }

  @Test
  void afterJavaUnlinksTheErlExitDoesNothing() throws Exception {
    Probe p = probe(false);
    String a = agent(false);
    Pid agent = agentPid(a);
    p.ctx().link(agent);
    p.ctx().unlink(agent);
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertAlive(p);
  }

  @Test
  void aJavaProcessStoppingWithBoomSendsTheExitToALinkedTrappingErlProcess() throws Exception {
    Probe p = probe(false);
    String a = agent(true);
    p.ctx().link(agentPid(a));
    p.ctx().stop(BOOM);
    assertEquals(ErlList.of(Tuple.of(Atom.of("EXIT"), p.pid(), BOOM)), inbox(a, 1));
  }

  @Test
  void aJavaProcessLinkedByErlPropagatesItsOwnDeathToItsJavaLinks() throws Exception {
    Probe linked = probe(false);
    Probe watcher = probe(true);
    watcher.ctx().link(linked.pid());
    String a = agent(false);
    eval("peerl_link_test:do(" + a + ", fun() -> link(J) end)", "J", linked.pid());
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(
        new ExitSignal(linked.pid(), BOOM), watcher.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void exitKillFromErlKillsEvenATrappingJavaProcessAndItsLinksSeeKilled() throws Exception {
    Probe p = probe(true);
    String a = agent(true);
    p.ctx().link(agentPid(a));
    eval("exit(J, kill)", "J", p.pid());
    p.inbox().expectTerminated(p.ref().actor(), JavaNode.DEADLINE);
    assertEquals(ErlList.of(Tuple.of(Atom.of("EXIT"), p.pid(), ExitReason.KILLED)), inbox(a, 1));
  }

  @Test
  void exitFromErlWithAnotherReasonReachesATrappingJavaProcessAsAnExitSignal() throws Exception {
    Probe p = probe(true);
    Pid sender = (Pid) eval("exit(J, boom), self()", "J", p.pid());
    assertEquals(new ExitSignal(sender, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void exitKillFromJavaKillsATrappingErlProcess() throws Exception {
    Probe p = probe(false);
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
    Probe p = probe(false);
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
        java.node.spawn(
            ctx -> {
              ctx.link(agent);
              return Behaviors.receive(ProcessMessage.class)
                  .onAnyMessage(
                      m -> {
                        throw new IllegalStateException("bad state");
                      })
                  .build();
            });
    java.node.send(crashing.pid(), crashing.pid(), PING);
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
    Probe trapping = probe(true);
    Probe plain = probe(false);
    Probe dying = probe(false);
    trapping.ctx().link(plain.pid());
    plain.ctx().link(dying.pid());
    Probe normal = probe(false);
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
    Probe normal = probe(false);
    Probe crashing = probe(false);
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
    awaitApplied(normal);
    awaitApplied(crashing);
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
    Probe p = probe(java, name, false);
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
                java.name(),
                "J",
                p.pid());
    awaitApplied(p);
    p.ctx().stop(BOOM);
    assertEquals(
        ErlList.of(
            Tuple.of(
                Atom.of("DOWN"),
                ref,
                Atom.of("process"),
                Tuple.of(Atom.of(name), java.name()),
                BOOM)),
        inbox(a, 1));
  }

  @Test
  void erlDemonitoringAJavaPidGetsNoDown() throws Exception {
    Probe p = probe(false);
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
    Probe p = probe(false);
    String a = agent(false);
    Pid agent = agentPid(a);
    Ref ref = p.ctx().monitor(agent);
    awaitApplied(p, a);
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertEquals(new Down(ref, agent, BOOM), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaMonitoringADeadErlPidOrAMissingNameGetsNoproc() throws Exception {
    Probe p = probe(false);
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
    Probe p = probe(false);
    String a = agent(false);
    Ref ref = p.ctx().monitor(agentPid(a));
    assertTrue(p.ctx().demonitor(ref));
    assertFalse(p.ctx().demonitor(ref));
    eval("peerl_link_test:exit_with(" + a + ", boom)");
    assertAlive(p);
  }

  @Test
  void localMonitorsFireWithTheReasonAndNoprocForTheDead() throws Exception {
    Probe watcher = probe(false);
    Probe target = probe(false);
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

  // ---- nodedown ----

  @Test
  void killingTheErlNodeBreaksLinksAndMonitorsWithNoconnection() throws Exception {
    ErlangTestNode doomed = ErlangTestNode.builder().cookie(COOKIE).start();
    try {
      Pid remote = (Pid) doomed.eval("spawn(fun() -> receive after infinity -> ok end end)");
      Probe trapping = probe(true);
      Probe plain = probe(false);
      Ref ref = trapping.ctx().monitor(remote);
      Ref byName = trapping.ctx().monitor(Atom.of("init"), doomed.nodeAtom());
      trapping.ctx().link(remote);
      plain.ctx().link(remote);
      java.node.connect(doomed.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
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
  void stoppingTheJavaNodeGivesErlExitAndDownWithNoconnection() throws Exception {
    JavaNode leaving = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
    Pid leaver;
    Ref ref;
    String a = agent(true);
    try {
      Probe p = probe(leaving, null, false);
      leaver = p.pid();
      ref =
          (Ref)
              eval(
                  "peerl_link_test:do("
                      + a
                      + ", fun() -> link(J), R = erlang:monitor(process, J), J ! applied, R end)",
                  "J",
                  leaver);
      awaitApplied(p);
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
