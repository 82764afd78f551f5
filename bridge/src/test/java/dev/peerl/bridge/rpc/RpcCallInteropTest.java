package dev.peerl.bridge.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java calling functions on a real erl node through its rex server. */
class RpcCallInteropTest {
  private static final String COOKIE = "peerl_rpc_call_cookie";
  private static final Duration TIMEOUT = BridgeTestNode.DEADLINE;

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static BridgeTestNode java;
  private static Rpc rpc;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
    rpc = Rpc.install(java.node());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term await(CompletionStage<Term> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static RpcException failure(CompletionStage<Term> stage) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
    return assertInstanceOf(RpcException.class, e.getCause());
  }

  private static Term erl(String expression) {
    return erlang.node().eval(expression);
  }

  @Test
  void callsAnErlangFunctionAndGetsItsValue() throws Exception {
    Atom erl = erlang.node().nodeAtom();
    assertEquals(
        ErlList.of(Int.of(3), Int.of(2), Int.of(1)),
        await(
            rpc.call(
                erl,
                "lists",
                "reverse",
                List.of(ErlList.of(Int.of(1), Int.of(2), Int.of(3))),
                TIMEOUT)));
    assertEquals(erl, await(rpc.call(erl, "erlang", "node", List.of(), TIMEOUT)));
  }

  @Test
  void aThrownValueIsTheResultAsInRpcCall() throws Exception {
    assertEquals(
        Atom.of("x"),
        await(
            rpc.call(erlang.node().nodeAtom(), "erlang", "throw", List.of(Atom.of("x")), TIMEOUT)));
  }

  @Test
  void anUndefinedFunctionFailsWithTheBadrpcReasonRpcCallGives() {
    RpcException e =
        failure(rpc.call(erlang.node().nodeAtom(), "nomod", "nofun", List.of(Int.of(1)), TIMEOUT));
    assertInstanceOf(BadRpcException.class, e);
    assertEquals(erl("{'EXIT', {undef, [{nomod, nofun, [1], []}]}}"), e.reason());
    assertEquals(erlang.node().nodeAtom(), e.node());
  }

  @Test
  void anExitFailsWithItsReason() {
    RpcException e =
        failure(
            rpc.call(erlang.node().nodeAtom(), "erlang", "exit", List.of(Atom.of("y")), TIMEOUT));
    assertEquals(erl("{'EXIT', y}"), e.reason());
  }

  @Test
  void aNodeThatDoesNotExistFailsAsNodedown() {
    Atom nowhere = Atom.of("nosuchnode@" + BridgeTestNode.hostOf(erlang.node().nodeName()));
    RpcException e = failure(rpc.call(nowhere, "erlang", "node", List.of(), TIMEOUT));
    assertInstanceOf(RpcNodeDownException.class, e);
    assertEquals(Atom.of("nodedown"), e.reason());
  }

  @Test
  void aNodeWithoutRexFailsAsNoproc() throws Exception {
    try (BridgeTestNode bare =
        BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE)) {
      RpcException e = failure(rpc.call(bare.name(), "erlang", "node", List.of(), TIMEOUT));
      assertInstanceOf(RpcNoProcException.class, e);
    }
  }

  @Test
  void noAnswerWithinTheTimeoutFailsAsTimeout() {
    RpcException e =
        failure(
            rpc.call(
                erlang.node().nodeAtom(),
                "timer",
                "sleep",
                List.of(Int.of(30_000)),
                Duration.ofMillis(200)));
    assertInstanceOf(RpcTimeoutException.class, e);
    assertEquals(Atom.of("timeout"), e.reason());
  }

  @Test
  void theNodeGoingDownDuringTheCallFailsItAsNodedown() throws Exception {
    ErlangTestNode doomed = ErlangTestNode.builder().cookie(COOKIE).start();
    try {
      CompletionStage<Term> call =
          rpc.call(doomed.nodeAtom(), "timer", "sleep", List.of(Atom.of("infinity")), TIMEOUT);
      // The call is running there once the Java node shows among its connections.
      await(rpc.call(doomed.nodeAtom(), "erlang", "node", List.of(), TIMEOUT));
      doomed.close();
      assertInstanceOf(RpcNodeDownException.class, failure(call));
    } finally {
      doomed.close();
    }
  }

  @Test
  void castRunsTheFunctionThere() {
    erl(
        // The cast arrives whenever it does: the target waits for it selectively, so the test's
        // {From, get} may come first without being taken for it.
        "register(cast_target, spawn(fun() ->"
            + " receive cast_arrived = M -> receive {From, get} -> From ! M end end end)), ok");
    rpc.cast(
        erlang.node().nodeAtom(),
        Atom.of("erlang"),
        Atom.of("send"),
        List.of(Atom.of("cast_target"), Atom.of("cast_arrived")));
    assertEquals(
        Atom.of("cast_arrived"),
        erl("cast_target ! {self(), get}, receive M -> M after 10000 -> timeout end"));
  }
}
