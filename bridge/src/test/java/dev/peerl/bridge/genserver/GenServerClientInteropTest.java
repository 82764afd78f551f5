package dev.peerl.bridge.genserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java calling gen_servers: Erlang's on a real erl node, and a Java one. */
class GenServerClientInteropTest {
  private static final String COOKIE = "peerl_gen_client_cookie";
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Path CODE = ErlangCompiler.compileResources("peerl_gs_test");

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE).codePath(CODE));

  private static BridgeTestNode java;
  private static GenServerClient client;
  private static ServerRef server;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
    client = java.bridge().genServers();
    erlang.node().eval("peerl_gs_test:start(erl_server)");
    server = ServerRef.of("erl_server", erlang.node().nodeAtom());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** The reply, within the tests' deadline (far shorter than the {@link #LONG} call timeouts). */
  private static Term await(CompletionStage<Term> call) throws Exception {
    return call.toCompletableFuture().get(BridgeTestNode.DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  /** The call's failure, within the tests' deadline. */
  private static Throwable failure(CompletionStage<Term> call) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(call));
    return e.getCause();
  }

  @Test
  void callsAnErlangServerByNameAndByPid() throws Exception {
    Term request = Tuple.of(Atom.of("echo"), ErlList.of(Int.of(1), Atom.of("two")));
    assertEquals(ErlList.of(Int.of(1), Atom.of("two")), await(client.call(server, request, LONG)));
    Pid pid = (Pid) erlang.node().eval("whereis(erl_server)");
    assertEquals(
        Atom.of("x"), await(client.call(pid, Tuple.of(Atom.of("echo"), Atom.of("x")), LONG)));
    // The server sees the client's caller process as From.
    assertEquals(client.pid(), await(client.call(server, Atom.of("caller"))));
  }

  @Test
  void castsInOrderWithCalls() throws Exception {
    erlang.node().eval("peerl_gs_test:start(cast_server)");
    ServerRef casts = ServerRef.of("cast_server", erlang.node().nodeAtom());
    client.cast(casts, Atom.of("first"));
    client.cast(casts, Tuple.of(Atom.of("second"), Int.of(2)));
    assertEquals(
        ErlList.of(Atom.of("first"), Tuple.of(Atom.of("second"), Int.of(2))),
        await(client.call(casts, Atom.of("casts"), LONG)));
  }

  @Test
  void timesOutAndDropsTheLateReply() throws Exception {
    Throwable timeout =
        failure(
            client.call(
                server,
                Tuple.of(Atom.of("reply_after"), Int.of(300), Atom.of("late")),
                Duration.ofMillis(50)));
    CallTimeoutException e = assertInstanceOf(CallTimeoutException.class, timeout);
    assertEquals(Atom.of("timeout"), e.reason());
    assertEquals(server, e.server());
    // The late reply arrives while this call waits; it must not be taken for this call's reply.
    assertEquals(
        Atom.of("on_time"),
        await(
            client.call(
                server, Tuple.of(Atom.of("reply_after"), Int.of(600), Atom.of("on_time")), LONG)));
  }

  @Test
  void waitsWithoutATimerForAnInfiniteOrVeryLongTimeout() throws Exception {
    Term late = Tuple.of(Atom.of("reply_after"), Int.of(100), Atom.of("whenever"));
    assertEquals(Atom.of("whenever"), await(client.call(server, late, GenServerClient.INFINITY)));
    // Longer than Pekko's scheduler takes (about 248 days at its 10 ms tick): no timer either.
    assertEquals(Atom.of("whenever"), await(client.call(server, late, Duration.ofDays(3650))));
    // And a missing server still fails at once.
    assertInstanceOf(
        NoProcException.class,
        failure(
            client.call(
                ServerRef.of("missing", erlang.node().nodeAtom()),
                Atom.of("x"),
                GenServerClient.INFINITY)));
  }

  @Test
  void failsAtOnceWithNoProcForAMissingName() {
    Throwable e =
        failure(client.call(ServerRef.of("missing", erlang.node().nodeAtom()), Atom.of("x"), LONG));
    assertEquals(ServerRef.of("missing", erlang.node().nodeAtom()), ((NoProcException) e).server());
    Pid dead = (Pid) erlang.node().eval("spawn(fun() -> ok end)");
    assertInstanceOf(NoProcException.class, failure(client.call(dead, Atom.of("x"), LONG)));
  }

  @Test
  void failsWithTheExitReasonWhenTheServerStops() {
    erlang.node().eval("peerl_gs_test:start(stopping_server)");
    ServerRef stopping = ServerRef.of("stopping_server", erlang.node().nodeAtom());
    Throwable e =
        failure(client.call(stopping, Tuple.of(Atom.of("stop"), Atom.of("bye_bye")), LONG));
    assertEquals(Atom.of("bye_bye"), assertInstanceOf(CallExitException.class, e).reason());
  }

  @Test
  void failsWithNodeDownWhenTheServersNodeDies() throws Exception {
    ErlangTestNode doomed = ErlangTestNode.builder().cookie(COOKIE).codePath(CODE).start();
    try {
      doomed.eval("peerl_gs_test:start(doomed_server)");
      ServerRef there = ServerRef.of("doomed_server", doomed.nodeAtom());
      assertEquals(
          Atom.of("up"), await(client.call(there, Tuple.of(Atom.of("echo"), Atom.of("up")))));
      CompletionStage<Term> waiting = client.call(there, Atom.of("never"), LONG);
      doomed.close();
      NodeDownException e = assertInstanceOf(NodeDownException.class, failure(waiting));
      assertEquals(doomed.nodeAtom(), e.node());
      assertEquals(Tuple.of(Atom.of("nodedown"), doomed.nodeAtom()), e.reason());
    } finally {
      doomed.close();
    }
  }

  @Test
  void failsWithNodeDownForANodeThatDoesNotExist() {
    ServerRef nowhere =
        ServerRef.of(
            "any", Atom.of("no_such_node@" + BridgeTestNode.hostOf(erlang.node().nodeName())));
    assertInstanceOf(NodeDownException.class, failure(client.call(nowhere, Atom.of("x"), LONG)));
  }

  @Test
  void callsAJavaServerOnItsOwnNode() throws Exception {
    java.node().spawn("java_probe", TestServers.probe());
    ServerRef probe = ServerRef.of("java_probe", java.name());
    assertEquals(Int.of(5), await(client.call(probe, Tuple.of(Atom.of("add"), Int.of(5)), LONG)));
    Throwable crash = failure(client.call(probe, Atom.of("crash"), LONG));
    assertEquals(
        Atom.of("java.lang.IllegalStateException"),
        ((Tuple) assertInstanceOf(CallExitException.class, crash).reason()).get(0));
    assertInstanceOf(NoProcException.class, failure(client.call(probe, Atom.of("x"), LONG)));
  }

  @Test
  void refusesANegativeTimeout() {
    assertThrows(
        IllegalArgumentException.class,
        () -> client.call(server, Atom.of("x"), Duration.ofSeconds(-1)));
  }
}
