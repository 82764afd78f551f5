package dev.peerl.bridge.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.BigInt;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java {@code rex} server, called by a real erl node as OTP's rpc module calls rex. */
class RexInteropTest {
  private static final String COOKIE = "peerl_rex_cookie";

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
    modules.register("jmod", "sum", (a, b) -> Int.of(integer(a).add(integer(b))));
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("J", java.name()));
  }

  private static Term fromErlang(String expression) {
    return erlang.node().eval(expression);
  }

  @Test
  void blockCallRunsAJavaFunction() {
    assertEquals(Int.of(5), eval("rpc:block_call(J, jmod, sum, [2, 3])"));
  }

  @Test
  void blockCallOfAnUndefinedFunctionAnswersAsAnErlangNodeDoes() {
    // What rpc:block_call to an erl node gives for a module that does not exist.
    Term expected = fromErlang("{badrpc, {'EXIT', {undef, [{nomod, nofun, [1, 2], []}]}}}");
    assertEquals(expected, eval("rpc:block_call(J, nomod, nofun, [1, 2])"));
    assertEquals(
        fromErlang("{badrpc, {'EXIT', {undef, [{jmod, echo, [1, 2], []}]}}}"),
        eval("rpc:block_call(J, jmod, echo, [1, 2])"));
  }

  @Test
  void aGenServerCallOfCallAnswersWithTheValue() {
    assertEquals(
        ErlList.of(Atom.of("hello")),
        eval("gen_server:call({rex, J}, {call, jmod, echo, [[hello]], user}, 10000)"));
  }

  @Test
  void throwExitAndErrorBecomeRpcsAnswers() {
    assertEquals(Atom.of("thrown"), eval("rpc:block_call(J, jmod, fail, [throw])"));
    assertEquals(
        fromErlang("{badrpc, {'EXIT', exited}}"), eval("rpc:block_call(J, jmod, fail, [exit])"));
    Tuple error = (Tuple) eval("rpc:block_call(J, jmod, fail, [error])");
    // {badrpc, {'EXIT', {erred, [{jmod, fail, 1, Location}]}}}
    Tuple exit = (Tuple) error.get(1);
    Tuple reasonAndStack = (Tuple) exit.get(1);
    assertEquals(Atom.of("erred"), reasonAndStack.get(0));
    Tuple frame = (Tuple) ((ErlList) reasonAndStack.get(1)).get(0);
    assertEquals(Tuple.of(Atom.of("jmod"), Atom.of("fail"), Int.of(1)), first3(frame));
  }

  @Test
  void aJavaExceptionIsAnErrorNamingIt() {
    Tuple answer = (Tuple) eval("rpc:block_call(J, jmod, fail, [other])");
    Tuple reasonAndStack = (Tuple) ((Tuple) answer.get(1)).get(1);
    assertEquals(
        Tuple.of(
            Atom.of("java_exception"),
            Binary.of("java.lang.IllegalStateException"),
            Binary.of("bad other")),
        reasonAndStack.get(0));
    Tuple frame = (Tuple) ((ErlList) reasonAndStack.get(1)).get(0);
    // The location is the Java source line that threw: jmod:fail/1's, in JmodFunctions.
    assertEquals(
        fromErlang("[{file, \"JmodFunctions.java\"}]"),
        ErlList.of(((ErlList) frame.get(3)).get(0)));
  }

  @Test
  void bignumsCrossBothWays() {
    assertEquals(
        fromErlang("(1 bsl 100) + 1"), eval("rpc:block_call(J, jmod, sum, [1 bsl 100, 1])"));
  }

  @Test
  void answersTheNodesObserversFeaturesRequest() {
    Term reply =
        eval("{rex, J} ! {self(), features_request}, receive R -> R after 10000 -> timeout end");
    assertEquals(
        Tuple.of(Atom.of("features_reply"), java.name(), ErlList.of(Atom.of("erpc"))), reply);
  }

  @Test
  void aGenServerCastRunsTheFunction() throws Exception {
    CompletableFuture<Term> ran = new CompletableFuture<>();
    rpc.modules()
        .register(
            "jmod",
            "note",
            x -> {
              ran.complete(x);
              return Atom.OK;
            });
    eval("gen_server:cast({rex, J}, {cast, jmod, note, [noted], user})");
    assertEquals(Atom.of("noted"), ran.get(10, TimeUnit.SECONDS));
  }

  @Test
  void sbcastDeliversToARegisteredJavaProcessAndReportsMissingNames() {
    TestProbe<Term> inbox = java.testKit().createTestProbe();
    java.node().spawn("sb_target", BridgeTestNode.forwardingTo(inbox));
    assertEquals(
        fromErlang("{[" + quoted(java.name()) + "], []}"),
        eval("rpc:sbcast([J], sb_target, hello)"));
    inbox.expectMessage(BridgeTestNode.DEADLINE, Atom.of("hello"));
    assertEquals(
        fromErlang("{[], [" + quoted(java.name()) + "]}"),
        eval("rpc:sbcast([J], no_such_name, hello)"));
  }

  @Test
  void garbageToRexIsIgnoredAndRexCarriesOn() {
    eval(
        "{rex, J} ! garbage, {rex, J} ! {a, b, c}, {rex, J} ! {self(), unknown},"
            + " gen_server:cast({rex, J}, nonsense),"
            + " gen_server:cast({rex, J}, {cast, 1, 2, 3, user}), ok");
    assertEquals(
        fromErlang("{badrpc, {'EXIT', {badarg, [{erlang, apply, [1, 2, 3], []}]}}}"),
        eval("gen_server:call({rex, J}, {call, 1, 2, 3, user}, 10000)"));
    assertEquals(Int.of(5), eval("rpc:block_call(J, jmod, sum, [2, 3])"));
  }

  private static BigInteger integer(Term t) {
    return t instanceof Int i ? i.toBigInteger() : ((BigInt) t).value();
  }

  private static Tuple first3(Tuple t) {
    return Tuple.of(t.get(0), t.get(1), t.get(2));
  }

  private static String quoted(Atom atom) {
    return "'" + atom.name() + "'";
  }
}
