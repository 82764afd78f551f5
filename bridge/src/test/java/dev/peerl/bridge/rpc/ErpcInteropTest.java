package dev.peerl.bridge.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erlang calling Java functions the way OTP 25+ does it: {@code rpc:call}, {@code erpc:call}, casts
 * and multicalls, all spawn requests of {@code erpc:execute_call/4} or {@code execute_cast/3}.
 * Failures must read exactly as they do between two Erlang nodes.
 */
class ErpcInteropTest {
  private static final String COOKIE = "peerl_erpc_cookie";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static BridgeTestNode java;
  private static Rpc rpc;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
    rpc = Rpc.install(java.node());
    RpcModules modules = rpc.modules();
    JmodFunctions.registerEchoAndFail(modules);
    modules.registerAsync(
        "jmod",
        "later",
        1,
        args -> CompletableFuture.supplyAsync(() -> Tuple.of(Atom.of("later"), args.get(0))));
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("J", java.name()));
  }

  /** {@code {Class, Reason}} of what {@code expression} raises, or {@code {ok, Value}}. */
  private static Term outcome(String expression) {
    return eval("try {ok, " + expression + "} catch C:R -> {C, R} end");
  }

  @Test
  void rpcCallAndErpcCallRunAJavaFunction() {
    assertEquals(Atom.of("hi"), eval("rpc:call(J, jmod, echo, [hi])"));
    assertEquals(Atom.of("hi"), eval("erpc:call(J, jmod, echo, [hi], 10000)"));
    assertEquals(
        Tuple.of(Atom.of("later"), Int.of(7)), eval("rpc:call(J, jmod, later, [7], 10000)"));
  }

  @Test
  void anUndefinedFunctionFailsExactlyAsOnAnErlangNode() {
    // The same calls to the erl node itself give OTP's own answers.
    assertEquals(
        eval("rpc:call(node(), nomod, nofun, [1, 2])"), eval("rpc:call(J, nomod, nofun, [1, 2])"));
    assertEquals(
        outcome("erpc:call(node(), nomod, nofun, [1, 2])"),
        outcome("erpc:call(J, nomod, nofun, [1, 2])"));
    assertEquals(
        erlang.eval("{badrpc, {'EXIT', {undef, [{nomod, nofun, [1, 2], []}]}}}"),
        eval("rpc:call(J, nomod, nofun, [1, 2])"));
    assertEquals(
        erlang.eval("{error, {exception, undef, [{jmod, echo, [], []}]}}"),
        outcome("erpc:call(J, jmod, echo, [])"));
  }

  @Test
  void throwExitAndErrorReachTheCallerAsErlangExceptions() {
    assertEquals(erlang.eval("{throw, thrown}"), outcome("erpc:call(J, jmod, fail, [throw])"));
    assertEquals(Atom.of("thrown"), eval("rpc:call(J, jmod, fail, [throw])"));
    assertEquals(
        erlang.eval("{exit, {exception, exited}}"), outcome("erpc:call(J, jmod, fail, [exit])"));
    assertEquals(
        erlang.eval("{badrpc, {'EXIT', exited}}"), eval("rpc:call(J, jmod, fail, [exit])"));
    Tuple error = (Tuple) outcome("erpc:call(J, jmod, fail, [error])");
    Tuple exception = (Tuple) error.get(1); // {exception, erred, [{jmod, fail, 1, Location}]}
    assertEquals(Atom.of("error"), error.get(0));
    assertEquals(Atom.of("erred"), exception.get(1));
    Tuple frame = (Tuple) ((ErlList) exception.get(2)).get(0);
    assertEquals(
        Tuple.of(Atom.of("jmod"), Atom.of("fail"), Int.of(1)),
        Tuple.of(frame.get(0), frame.get(1), frame.get(2)));
  }

  @Test
  void aJavaExceptionIsAnErrorNamingIt() {
    Tuple error = (Tuple) outcome("erpc:call(J, jmod, fail, [other])");
    Tuple exception = (Tuple) error.get(1);
    assertEquals(
        Tuple.of(
            Atom.of("java_exception"),
            Binary.of("java.lang.IllegalStateException"),
            Binary.of("bad other")),
        exception.get(1));
  }

  @Test
  void castsRunTheFunction() throws Exception {
    CompletableFuture<Term> erpcCast = new CompletableFuture<>();
    CompletableFuture<Term> rpcCast = new CompletableFuture<>();
    rpc.modules()
        .register(
            "jmod",
            "note",
            2,
            args -> {
              (args.get(0).equals(Atom.of("erpc")) ? erpcCast : rpcCast).complete(args.get(1));
              return Atom.OK;
            });
    eval("erpc:cast(J, jmod, note, [erpc, 1]), rpc:cast(J, jmod, note, [rpc, 2])");
    assertEquals(Int.of(1), erpcCast.get(10, TimeUnit.SECONDS));
    assertEquals(Int.of(2), rpcCast.get(10, TimeUnit.SECONDS));
    // A failing cast harms nothing.
    eval("erpc:cast(J, jmod, fail, [other]), erpc:cast(J, nomod, nofun, [])");
    assertEquals(Atom.of("hi"), eval("rpc:call(J, jmod, echo, [hi])"));
  }

  @Test
  void multicallsMixJavaAndErlangNodes() {
    assertEquals(
        erlang.eval("[{ok, hi}, {error, {exception, undef, [{jmod, echo, [hi], []}]}}]"),
        eval("erpc:multicall([J, node()], jmod, echo, [hi], 10000)"));
    assertEquals(erlang.eval("{[hi], []}"), eval("rpc:multicall([J], jmod, echo, [hi], 10000)"));
  }

  @Test
  void bignumsCrossBothWays() {
    assertEquals(erlang.eval("1 bsl 200"), eval("rpc:call(J, jmod, echo, [1 bsl 200])"));
  }
}
