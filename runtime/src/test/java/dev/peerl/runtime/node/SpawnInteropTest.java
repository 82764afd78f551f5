package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.RemoteSpawn;
import dev.peerl.runtime.process.SpawnException;
import dev.peerl.runtime.process.SpawnOption;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPAWN_REQUEST from a real erl node, served by spawn handlers, and to it from Java. */
class SpawnInteropTest {
  private static final String COOKIE = "peerl_spawn_cookie";
  private static final Atom MODULE = Atom.of("peerl_java");
  private static final Atom EXIT_WITH = Atom.of("exit_with");
  private static final Atom ECHO = Atom.of("echo");
  private static final Atom THROWS = Atom.of("throws");

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  private static final CompletableFuture<RemoteSpawn> lastExitWith = new CompletableFuture<>();

  private static JavaNode java() {
    return javaNode.get();
  }

  @BeforeAll
  static void setUp() {
    // peerl_java:exit_with(Reason): a process that exits with Reason.
    java()
        .node
        .registerSpawnHandler(
            MODULE,
            EXIT_WITH,
            1,
            (ctx, request) -> {
              lastExitWith.complete(request);
              return exitWith(ctx, request.args().get(0));
            });
    // peerl_java:echo(): answers {From, Msg} with Msg, until told stop.
    java().node.registerSpawnHandler(MODULE, ECHO, 0, (ctx, request) -> echo(ctx));
    java()
        .node
        .registerSpawnHandler(
            MODULE,
            THROWS,
            0,
            (ctx, request) -> {
              throw new IllegalStateException("no behavior today");
            });
  }

  private static Behavior<ProcessMessage> exitWith(ProcessContext ctx, Term reason) {
    return Behaviors.setup(
        setup -> {
          ctx.stop(reason);
          return Behaviors.ignore();
        });
  }

  private static Behavior<ProcessMessage> echo(ProcessContext ctx) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body() instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
                ctx.send(from, t.get(1));
              }
              return Behaviors.same();
            })
        .build();
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("J", java().name()));
  }

  /** {@code spawn_request(J, M, F, A, [monitor])}: {Pid, DownReason}. */
  private static Tuple spawnMonitored(String module, String function, String args) {
    return (Tuple)
        eval(
            "R = spawn_request(J, "
                + module
                + ", "
                + function
                + ", "
                + args
                + ", [monitor]),"
                + " receive {spawn_reply, R, ok, P} ->"
                + "   receive {'DOWN', R, process, P, Reason} -> {P, Reason}"
                + "   after 10000 -> no_down end;"
                + " {spawn_reply, R, error, E} -> {error, E}"
                + " after 10000 -> no_reply end");
  }

  @Test
  void spawnRequestWithMonitorGetsTheReplyAndADownWithTheJavaExitReason() throws Exception {
    Tuple result = spawnMonitored("peerl_java", "exit_with", "[{done, 42}]");
    Pid spawned = (Pid) result.get(0);
    assertEquals(java().name(), spawned.node());
    assertEquals(Tuple.of(Atom.of("done"), Int.of(42)), result.get(1));
    RemoteSpawn request = lastExitWith.get(10, TimeUnit.SECONDS);
    assertEquals(erlang.node().nodeAtom(), request.requester().node());
    assertEquals(eval("group_leader()"), request.groupLeader());
  }

  @Test
  void theSpawnedProcessHasTheRequestsGroupLeader() throws Exception {
    CompletableFuture<Optional<Pid>> leader = new CompletableFuture<>();
    Atom function = Atom.of("group_leader");
    java()
        .node
        .registerSpawnHandler(
            MODULE,
            function,
            0,
            (ctx, request) ->
                Behaviors.setup(
                    setup -> {
                      leader.complete(ctx.groupLeader());
                      return Behaviors.stopped();
                    }));
    Tuple result = spawnMonitored("peerl_java", "group_leader", "[]");
    assertEquals(Atom.of("normal"), result.get(1));
    assertEquals(Optional.of(eval("group_leader()")), leader.get(10, TimeUnit.SECONDS));
    assertTrue(java().node.unregisterSpawnHandler(MODULE, function, 0));
  }

  @Test
  void spawnLinkLinksTheRequesterToTheJavaProcess() {
    Term got =
        eval(
            "Self = self(),"
                + " spawn(fun() ->"
                + "   process_flag(trap_exit, true),"
                + "   P = spawn_link(J, peerl_java, exit_with, [boom]),"
                + "   receive {'EXIT', P, R} -> Self ! {exited, node(P), R} end"
                + " end),"
                + " receive {exited, _, _} = E -> E after 10000 -> timeout end");
    assertEquals(Tuple.of(Atom.of("exited"), java().name(), Atom.of("boom")), got);
  }

  @Test
  void erlangSpawnStartsAJavaProcessThatErlTalksTo() {
    Term got =
        eval(
            "P = spawn(J, peerl_java, echo, []), P ! {self(), hello},"
                + " receive hello -> exit(P, kill), hello after 10000 -> timeout end");
    assertEquals(Atom.of("hello"), got);
  }

  @Test
  void anUndefinedFunctionExitsWithUndef() {
    Tuple result = spawnMonitored("no_module", "no_function", "[a, 1]");
    assertEquals(java().name(), ((Pid) result.get(0)).node());
    Term frame =
        Tuple.of(
            Atom.of("no_module"),
            Atom.of("no_function"),
            ErlList.of(Atom.of("a"), Int.of(1)),
            ErlList.NIL);
    assertEquals(Tuple.of(Atom.of("undef"), ErlList.of(frame)), result.get(1));
  }

  @Test
  void anUnknownSpawnOptionIsAnsweredBadopt() {
    Term got =
        eval(
            "R = spawn_request(J, peerl_java, echo, [], [{no_such_option, 1}]),"
                + " receive {spawn_reply, R, Status, Result} -> {Status, Result}"
                + " after 10000 -> no_reply end");
    assertEquals(Tuple.of(Atom.ERROR, Atom.of("badopt")), got);
  }

  @Test
  void aThrowingHandlerExitsWithTheExceptionAndAnEmptyStack() {
    Tuple result = spawnMonitored("peerl_java", "throws", "[]");
    Term reason =
        Tuple.of(
            Tuple.of(Atom.of("java.lang.IllegalStateException"), Binary.of("no behavior today")),
            ErlList.NIL);
    assertEquals(reason, result.get(1));
    // The node carries on.
    assertEquals(Atom.of("fine"), spawnMonitored("peerl_java", "exit_with", "[fine]").get(1));
  }

  @Test
  void erpcCallReadsTheResultFromTheExitReasonOfExecuteCall() {
    // erpc:call spawns erpc:execute_call(Ref, M, F, A) with [monitor] and reads the DOWN reason.
    java()
        .node
        .registerSpawnHandler(
            Atom.of("erpc"),
            Atom.of("execute_call"),
            4,
            (ctx, request) -> {
              List<Term> args = request.args();
              Term value = Tuple.of(args.get(1), args.get(2), args.get(3));
              return exitWith(ctx, Tuple.of(args.get(0), Atom.of("return"), value));
            });
    assertEquals(
        Tuple.of(Atom.of("m"), Atom.of("f"), ErlList.of(Int.of(1))),
        eval("erpc:call(J, m, f, [1], 10000)"));
    assertTrue(java().node.unregisterSpawnHandler(Atom.of("erpc"), Atom.of("execute_call"), 4));
  }

  // ---- Java spawning on erl ----

  private static Pid await(CompletionStage<Pid> spawned) throws Exception {
    return spawned.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void javaSpawnsAnErlProcessThatTalksBack() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Pid spawned =
        await(
            p.ctx()
                .spawnRequest(
                    erlang.node().nodeAtom(),
                    Atom.of("erlang"),
                    Atom.of("send"),
                    List.of(p.pid(), Atom.of("hello"))));
    assertEquals(erlang.node().nodeAtom(), spawned.node());
    assertEquals(
        new ProcessMessage.Message(Atom.of("hello")), p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void javaSpawnMonitorGetsTheDownOfTheErlProcess() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Pid spawned =
        await(
            p.ctx()
                .spawnRequest(
                    erlang.node().nodeAtom(),
                    Atom.of("timer"),
                    Atom.of("exit_after"),
                    List.of(Int.of(0), Atom.of("boom")),
                    SpawnOption.MONITOR));
    ProcessMessage.Down down = (ProcessMessage.Down) p.inbox().receiveMessage(JavaNode.DEADLINE);
    assertEquals(spawned, down.target());
    assertEquals(Atom.of("boom"), down.reason());
  }

  @Test
  void javaSpawnLinkGetsTheExitOfTheErlProcess() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, true);
    Pid spawned =
        await(
            p.ctx()
                .spawnRequest(
                    erlang.node().nodeAtom(),
                    Atom.of("erlang"),
                    Atom.of("exit"),
                    List.of(Atom.of("boom")),
                    SpawnOption.LINK));
    assertEquals(
        new ProcessMessage.ExitSignal(spawned, Atom.of("boom")),
        p.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void aSpawnRequestToANodeThatIsNotThereFailsWithNoconnection() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    Atom nowhere = Atom.of("peerl_nobody@" + JavaNode.hostOf(erlang.node().nodeName()));
    ExecutionException failed =
        assertThrows(
            ExecutionException.class,
            () ->
                await(
                    p.ctx().spawnRequest(nowhere, Atom.of("erlang"), Atom.of("self"), List.of())));
    SpawnException cause = assertInstanceOf(SpawnException.class, failed.getCause());
    assertEquals(ExitReason.NOCONNECTION, cause.reason());
  }
}
