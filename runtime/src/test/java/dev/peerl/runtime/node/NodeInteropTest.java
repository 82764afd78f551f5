package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.handshake.HandshakeException;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node against a real erl node: messages both ways, nodeup/nodedown, cookies. */
class NodeInteropTest {
  private static final String COOKIE = "peerl_node_cookie";
  private static final int MANY = 100_000;

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_node_test")));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(host(), COOKIE, "");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static String host() {
    return JavaNode.hostOf(erlang.node().nodeName());
  }

  private static Atom erlNode() {
    return erlang.node().nodeAtom();
  }

  private static Term eval(String expression, Map<String, Term> bindings) {
    return erlang.node().eval(expression, bindings);
  }

  private static Map<String, Term> javaNode(JavaNode node) {
    return Map.of("Java", node.name());
  }

  @Test
  void erlSendsToARegisteredJavaProcessAndGetsTheEchoBack() {
    java.echo("echo");
    // A first message sets the connection up; the counters below are of the second.
    eval("{echo, Java} ! {self(), warm_up}, receive warm_up -> ok end", javaNode(java));
    ConnectionStats before = java.node.connectionStats(erlNode()).orElseThrow();
    Instant sent = Instant.ofEpochMilli(System.currentTimeMillis());
    Term reply =
        eval(
            "{echo, Java} ! {self(), {hello, [1, 2.5, <<\"bin\">>]}},"
                + " receive R -> R after 5000 -> timeout end",
            javaNode(java));
    assertEquals(
        Tuple.of(
            Atom.of("hello"),
            ErlList.of(
                Int.of(1), dev.peerl.codec.ErlFloat.of(2.5), dev.peerl.codec.Binary.of("bin"))),
        reply);
    assertTrue(java.node.connectedNodes().contains(erlNode()));
    ConnectionStats after = java.node.connectionStats(erlNode()).orElseThrow();
    assertTrue(after.up());
    assertTrue(after.messagesIn() > before.messagesIn(), after.toString());
    assertTrue(after.messagesOut() > before.messagesOut(), after.toString());
    assertTrue(after.bytesIn() > before.bytesIn(), after.toString());
    assertTrue(after.bytesOut() > before.bytesOut(), after.toString());
    assertTrue(after.framesIn() > before.framesIn(), after.toString());
    assertTrue(!after.lastActivity().isBefore(sent), after + " read before " + sent);
  }

  @Test
  void binariesOfEverySizeSurviveTheTripThroughJavaUnchanged() {
    // Small binaries are copied out of the frame, large ones share its array (BEAM's 64-byte
    // rule); many messages in flight at once put several frames in one read.
    java.echo("bin_echo");
    Term allEqual =
        eval(
            "Sizes = [0, 1, 63, 64, 65, 66, 1000, 70000],"
                + " Sent = [[rand:bytes(S) || S <- Sizes] || _ <- lists:seq(1, 50)],"
                + " [{bin_echo, Java} ! {self(), Bins} || Bins <- Sent],"
                + " Got = [receive R -> R after 5000 -> timeout end || _ <- Sent],"
                + " Got =:= Sent",
            javaNode(java));
    assertEquals(Atom.of("true"), allEqual);
  }

  @Test
  void javaConnectsOnDemandAndSendsToAnErlNameAndPid() {
    Pid inbox = (Pid) eval("peerl_node_test:inbox(java_inbox)", Map.of());
    ProcessRef me = java.node.spawn(ctx -> Behaviors.ignore());
    java.node.send(me.pid(), Atom.of("java_inbox"), erlNode(), Atom.of("by_name"));
    java.node.send(me.pid(), inbox, Atom.of("by_pid"));
    Term received = eval("peerl_node_test:wait(java_inbox, 2)", Map.of());
    assertEquals(ErlList.of(Atom.of("by_name"), Atom.of("by_pid")), received);
  }

  @Test
  void aHundredThousandMessagesFromErlArriveInOrder() throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    AtomicLong expected = new AtomicLong(1);
    java.node.spawn(
        "seq_checker",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      long i = ((Int) ((Tuple) m.body()).get(1)).value();
                      if (i != expected.getAndIncrement()) {
                        done.completeExceptionally(
                            new AssertionError("got " + i + ", expected " + (expected.get() - 1)));
                      } else if (i == MANY) {
                        done.complete(i);
                      }
                      return Behaviors.same();
                    })
                .build());
    long start = System.nanoTime();
    eval("peerl_node_test:flood({seq_checker, Java}, " + MANY + ")", Map.of("Java", java.name()));
    assertEquals(MANY, done.get(30, TimeUnit.SECONDS));
    System.out.printf(
        "erl -> Java: %d messages in %d ms%n",
        MANY, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Test
  void aHundredThousandMessagesToErlArriveInOrder() {
    eval("peerl_node_test:counter(seq_counter, " + MANY + "), ok", Map.of());
    ProcessRef me = java.node.spawn(ctx -> Behaviors.ignore());
    java.node.connect(erlNode()).toCompletableFuture().join();
    long start = System.nanoTime();
    Atom counter = Atom.of("seq_counter");
    for (int i = 1; i <= MANY; i++) {
      java.node.send(me.pid(), counter, erlNode(), JavaNode.seq(i));
    }
    assertEquals(
        Atom.OK,
        erlang.node().eval("peerl_node_test:result(seq_counter, 30000)", Duration.ofSeconds(35)));
    System.out.printf(
        "Java -> erl: %d messages in %d ms%n",
        MANY, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    assertEquals(0, java.node.connectionStats(erlNode()).orElseThrow().dropped());
  }

  @Test
  void killingTheErlNodeGivesNodeDown() throws Exception {
    TestProbe<NodeEvent> events = java.testKit.createTestProbe();
    java.node.monitorNodes(events.getRef());
    ErlangTestNode doomed = ErlangTestNode.builder().cookie(COOKIE).start();
    try {
      java.node.connect(doomed.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(new NodeUp(doomed.nodeAtom()), events.expectMessageClass(NodeUp.class));
      doomed.close();
      NodeDown down = events.expectMessageClass(NodeDown.class, Duration.ofSeconds(5));
      assertEquals(doomed.nodeAtom(), down.node());
      assertEquals(NodeDown.CONNECTION_CLOSED, down.reason());
      assertFalse(java.node.connectedNodes().contains(doomed.nodeAtom()));
    } finally {
      doomed.close();
      java.node.demonitorNodes(events.getRef());
    }
  }

  @Test
  void stoppingTheJavaNodeGivesNodeDownOnErl() throws Exception {
    eval("peerl_node_test:node_events(node_events), ok", Map.of());
    JavaNode leaving = JavaNode.start(host(), COOKIE, "");
    Atom leavingName = leaving.name();
    try {
      leaving.node.connect(erlNode()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      leaving.close();
    }
    Term events = eval("peerl_node_test:wait(node_events, 2)", Map.of());
    assertEquals(
        ErlList.of(Atom.of("nodeup"), Atom.of("nodedown")),
        ErlList.of(
            ((ErlList) events)
                .elements().stream()
                    .map(e -> (Tuple) e)
                    .filter(e -> e.get(1).equals(leavingName))
                    .map(e -> e.get(0))
                    .toList()),
        events.toString());
  }

  @Test
  void aStoppedJavaNodeIsGoneFromEpmdsNames() throws Exception {
    JavaNode leaving = JavaNode.start(host(), COOKIE, "");
    String full = leaving.name().name();
    Atom alive = Atom.of(full.substring(0, full.indexOf('@')));
    String names = "{ok, Names} = net_adm:names(), [list_to_atom(N) || {N, _} <- Names]";
    try {
      assertTrue(((ErlList) eval(names, Map.of())).elements().contains(alive));
    } finally {
      leaving.close();
    }
    java.testKit
        .createTestProbe()
        .awaitAssert(
            JavaNode.DEADLINE,
            () -> {
              assertFalse(((ErlList) eval(names, Map.of())).elements().contains(alive));
              return null;
            });
  }

  @Test
  void aWrongCookieIsRefusedBothWays() throws Exception {
    try (JavaNode stranger = JavaNode.start(host(), "not_the_cookie", "")) {
      ExecutionException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () ->
                  stranger.node.connect(erlNode()).toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertInstanceOf(HandshakeException.class, refused.getCause(), refused.toString());
      assertTrue(stranger.node.connectedNodes().isEmpty());
      assertEquals(Atom.FALSE, eval("net_kernel:connect_node(Java)", javaNode(stranger)));
      assertTrue(stranger.node.connectedNodes().isEmpty());
      assertFalse(eval("lists:member(Java, nodes(hidden))", javaNode(stranger)).equals(Atom.TRUE));
    }
  }

  @Test
  void aMonitorOfAMissingNameAnswersNoprocAtOnce() {
    Term result =
        eval(
            "try gen_server:call({no_such_name, Java}, hello, 5000)"
                + " catch exit:{Reason, _} -> Reason end",
            javaNode(java));
    assertEquals(Atom.of("noproc"), result);
  }

  @Test
  void stoppedProcessesLeaveTheTable() {
    int before = java.node.processCount();
    for (int i = 0; i < 10_000; i++) {
      java.node.spawn(ctx -> Behaviors.stopped());
    }
    ProcessRef named = java.node.spawn("short_lived", ctx -> Behaviors.stopped());
    java.testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertEquals(before, java.node.processCount());
              assertEquals(Optional.empty(), java.node.whereis(Atom.of("short_lived")));
              return null;
            });
    assertFalse(java.node.exists(named.pid()));
  }

  @Test
  void erpcOfAFunctionWithoutSpawnHandlerFailsWithUndef() {
    Term result =
        eval(
            "try erpc:call(Java, erlang, node, [], 5000)"
                + " catch exit:{signal, {undef, [{erpc, execute_call, [_, erlang, node, []], []}]}}"
                + " -> undef end",
            javaNode(java));
    // Without a handler for erpc:execute_call/4 (the bridge registers one), erl sees the undef
    // exit of the spawned process.
    assertEquals(Atom.of("undef"), result);
  }
}
