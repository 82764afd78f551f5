package dev.peerl.bridge.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Java pg scope and the pg scope of real erl nodes, both ways. */
class PgInteropTest {
  private static final String COOKIE = "peerl_pg_cookie";
  private static final Path CODE = ErlangCompiler.compileResources("peerl_pg_test");
  private static final AtomicLong GROUPS = new AtomicLong();

  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.of(erlNode());

  private static BridgeTestNode java;
  private static PgScope pg;
  private static Term erlScopeAtStart;

  private static ErlangTestNode.Builder erlNode() {
    return ErlangTestNode.builder()
        .cookie(COOKIE)
        .args("-kernel", "start_pg", "true")
        .codePath(CODE);
  }

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
    pg = PgScope.start(java.node());
    erlScopeAtStart = erlang.eval("whereis(pg)");
    java.node().connect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Atom newGroup() {
    return Atom.of("group_" + GROUPS.incrementAndGet());
  }

  /** A Java process that stops when it receives {@code stop}. */
  private static ProcessRef javaProcess() {
    return java.node()
        .spawn(
            ctx ->
                Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                        ProcessMessage.Message.class,
                        m ->
                            Atom.of("stop").equals(m.body())
                                ? Behaviors.stopped()
                                : Behaviors.same())
                    .build());
  }

  private static Term eval(ErlangTestNode node, String expression, Object... bindings) {
    Map<String, Term> map = new HashMap<>();
    for (int i = 0; i < bindings.length; i += 2) {
      map.put((String) bindings[i], (Term) bindings[i + 1]);
    }
    return node.eval(expression, map);
  }

  /** Waits on erl until its {@code pg:get_members(G)} is {@code expected} (in any order). */
  private static void assertErlSees(Atom group, Pid... expected) {
    assertErlSees(PgScope.DEFAULT_SCOPE, group, expected);
  }

  /** Waits on erl until its {@code pg:get_members(Scope, G)} is {@code expected}. */
  private static void assertErlSees(Atom scope, Atom group, Pid... expected) {
    Tuple seenAndExpected =
        (Tuple)
            eval(
                erlang.node(),
                "{peerl_pg_test:await(fun() -> lists:sort(pg:get_members(S, G)) end,"
                    + " lists:sort(E)), lists:sort(E)}",
                "S",
                scope,
                "G",
                group,
                "E",
                ErlList.of(expected));
    assertEquals(seenAndExpected.get(1), seenAndExpected.get(0));
  }

  /** Waits until the Java scope's members of {@code group} are {@code expected} (in any order). */
  private static void assertJavaSees(Atom group, Pid... expected) {
    assertJavaSees(pg, group, expected);
  }

  /** Waits until {@code scope}'s members of {@code group} are {@code expected}. */
  private static void assertJavaSees(PgScope scope, Atom group, Pid... expected) {
    TestProbe<Void> probe = java.testKit().createTestProbe();
    probe.awaitAssert(
        BridgeTestNode.DEADLINE,
        () -> {
          assertEquals(sorted(List.of(expected)), sorted(scope.getMembers(group)));
          return null;
        });
  }

  private static List<Pid> sorted(List<Pid> pids) {
    return pids.stream().sorted().toList();
  }

  private static Pid erlMember(ErlangTestNode node, Atom group) {
    return (Pid) eval(node, "peerl_pg_test:member(G)", "G", group);
  }

  @Test
  void erlSeesAJavaProcessThatJoined() {
    Atom group = newGroup();
    Pid p = javaProcess().pid();
    pg.join(group, p);
    assertEquals(List.of(p), pg.getLocalMembers(group));
    assertTrue(pg.whichLocalGroups().contains(group));
    assertErlSees(group, p);
  }

  @Test
  void erlNoLongerSeesAJavaProcessThatLeft() {
    Atom group = newGroup();
    Pid p = javaProcess().pid();
    pg.join(group, p);
    assertErlSees(group, p);
    assertTrue(pg.leave(group, p));
    assertFalse(pg.leave(group, p), "not_joined");
    assertEquals(List.of(), pg.getMembers(group));
    assertErlSees(group);
  }

  @Test
  void aJavaMemberThatExitsLeavesItsGroupsEverywhere() {
    Atom group = newGroup();
    Atom other = newGroup();
    ProcessRef p = javaProcess();
    pg.join(group, p.pid());
    pg.join(other, List.of(p.pid(), p.pid()));
    assertErlSees(other, p.pid(), p.pid());
    java.node().send(p.pid(), p.pid(), Atom.of("stop"));
    assertErlSees(group);
    assertErlSees(other);
    assertJavaSees(group);
    assertFalse(pg.whichGroups().contains(other));
  }

  @Test
  void javaSeesErlProcessesJoinAndLeave() {
    Atom group = newGroup();
    Pid e = erlMember(erlang.node(), group);
    assertJavaSees(group, e);
    assertTrue(pg.whichGroups().contains(group));
    assertEquals(List.of(), pg.getLocalMembers(group));
    assertEquals(Atom.OK, eval(erlang.node(), "peerl_pg_test:leave(E)", "E", e));
    assertJavaSees(group);
  }

  @Test
  void anErlMemberThatExitsLeavesInJava() {
    Atom group = newGroup();
    Pid e = erlMember(erlang.node(), group);
    Pid p = javaProcess().pid();
    pg.join(group, p);
    assertJavaSees(group, e, p);
    assertErlSees(group, e, p);
    eval(erlang.node(), "peerl_pg_test:stop(E)", "E", e);
    assertJavaSees(group, p);
  }

  @Test
  void aNamedScopeSharesItsMembersBothWaysAndOnlyWithinItself() {
    Atom scope = Atom.of("my_scope");
    // erl's scope first: a Java scope sends discover to the nodes connected when it starts.
    assertEquals(Atom.OK, erlang.eval("{ok, _} = pg:start(my_scope), ok"));
    PgScope named = PgScope.start(java.node(), scope);
    assertEquals(scope, named.scope());
    Atom group = newGroup();
    Pid p = javaProcess().pid();
    named.join(group, p);
    Pid e = (Pid) eval(erlang.node(), "peerl_pg_test:member(my_scope, G)", "G", group);
    assertJavaSees(named, group, e, p);
    assertErlSees(scope, group, e, p);
    // The default scopes, on both sides, know nothing of the group.
    assertEquals(List.of(), pg.getMembers(group));
    assertErlSees(group);
    // A leave travels within the named scope too.
    assertEquals(Atom.OK, eval(erlang.node(), "peerl_pg_test:leave(E)", "E", e));
    assertTrue(named.leave(group, p));
    assertJavaSees(named, group);
    assertErlSees(scope, group);
  }

  @Test
  void subscribersSeeEveryChangeOfTheirGroup() {
    Atom group = newGroup();
    TestProbe<GroupEvent> events = java.testKit().createTestProbe();
    assertEquals(List.of(), pg.monitor(group, events.getRef()));
    Pid e = erlMember(erlang.node(), group);
    events.expectMessage(
        BridgeTestNode.DEADLINE, new GroupEvent.Joined(PgScope.DEFAULT_SCOPE, group, List.of(e)));
    Pid p = javaProcess().pid();
    pg.join(group, p);
    events.expectMessage(new GroupEvent.Joined(PgScope.DEFAULT_SCOPE, group, List.of(p)));
    eval(erlang.node(), "peerl_pg_test:leave(E)", "E", e);
    events.expectMessage(
        BridgeTestNode.DEADLINE, new GroupEvent.Left(PgScope.DEFAULT_SCOPE, group, List.of(e)));
    assertTrue(pg.demonitor(events.getRef()));
    pg.leave(group, p);
    events.expectNoMessage();
  }

  @Test
  void membersOfAnErlNodeThatIsKilledVanish() throws Exception {
    Atom group = newGroup();
    TestProbe<GroupEvent> events = java.testKit().createTestProbe();
    pg.monitorScope(events.getRef());
    ErlangTestNode doomed = erlNode().start();
    try {
      Pid e = erlMember(doomed, group);
      java.node().connect(doomed.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertJavaSees(group, e);
      doomed.close();
      assertJavaSees(group);
      events.fishForMessage(
          BridgeTestNode.DEADLINE,
          event ->
              event.equals(new GroupEvent.Left(PgScope.DEFAULT_SCOPE, group, List.of(e)))
                  ? FishingOutcomes.complete()
                  : FishingOutcomes.continueAndIgnore());
    } finally {
      doomed.close();
      pg.demonitor(events.getRef());
    }
  }

  @Test
  void garbageSentToTheJavaScopeIsIgnored() {
    Atom group = newGroup();
    eval(
        erlang.node(),
        "{pg, J} ! garbage, {pg, J} ! {join, self(), g, [not_a_pid]},"
            + " {pg, J} ! {'$gen_cast', {sync, self(), nonsense}}, {pg, J} ! {leave, 1, 2, 3}, ok",
        "J",
        java.name());
    Pid p = javaProcess().pid();
    pg.join(group, p);
    assertErlSees(group, p);
  }

  @Test
  void theErlScopeNeverCrashesFromWhatJavaSends() {
    Atom group = newGroup();
    Pid p = javaProcess().pid();
    pg.join(group, List.of(p));
    pg.join(group, p);
    assertErlSees(group, p, p);
    pg.leave(group, List.of(p, p));
    assertErlSees(group);
    assertEquals(erlScopeAtStart, erlang.eval("whereis(pg)"));
  }

  @Test
  void onlyLocalProcessesMayJoin() {
    Pid remote = (Pid) erlang.eval("self()");
    assertThrows(IllegalArgumentException.class, () -> pg.join(newGroup(), remote));
  }
}
