package dev.peerl.bridge.genserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.bridge.rpc.Rpc;
import dev.peerl.bridge.rpc.RpcTooManyCallsException;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code peerl.bridge.max-pending-calls} against a real erl {@code gen_server} that holds its
 * replies back, and against erl's {@code rex} running slow functions for rpc from Java: a call
 * beyond the limit fails at once, before anything is sent, and the calls under way are not
 * disturbed.
 */
class LimitsInteropTest {
  private static final String COOKIE = "peerl_call_limits_cookie";
  private static final int MAX_PENDING = 4;
  private static final Duration LONG = Duration.ofSeconds(30);

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_gs_test")));

  private static BridgeTestNode java;
  private static GenServerClient client;
  private static ServerRef server;

  @BeforeAll
  static void startJava() throws Exception {
    java =
        BridgeTestNode.start(
            BridgeTestNode.hostOf(erlang.node().nodeName()),
            COOKIE,
            "peerl.bridge.max-pending-calls = " + MAX_PENDING);
    client = java.bridge().genServers();
    erlang.node().eval("peerl_gs_test:start(slow_server)");
    server = ServerRef.of("slow_server", erlang.node().nodeAtom());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term await(CompletionStage<Term> call) throws Exception {
    return call.toCompletableFuture().get(BridgeTestNode.DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aCallBeyondTheLimitFailsAtOnceAndTheOthersComplete() throws Exception {
    List<CompletionStage<Term>> underWay = new ArrayList<>();
    for (int i = 0; i < MAX_PENDING; i++) {
      // The server replies after 3 s: all four are under way together.
      underWay.add(
          client.call(server, Tuple.of(Atom.of("reply_after"), Int.of(3000), Int.of(i)), LONG));
    }
    assertEquals(MAX_PENDING, client.pendingCalls());

    CompletableFuture<Term> refused =
        client
            .call(server, Tuple.of(Atom.of("echo"), Atom.of("one_too_many")), LONG)
            .toCompletableFuture();
    assertTrue(refused.isDone(), "refused at once, not queued");
    ExecutionException e = assertThrows(ExecutionException.class, refused::get);
    TooManyCallsException tooMany = assertInstanceOf(TooManyCallsException.class, e.getCause());
    assertEquals(Atom.of("system_limit"), tooMany.reason());
    assertEquals(MAX_PENDING, tooMany.limit());

    for (int i = 0; i < MAX_PENDING; i++) {
      assertEquals(Int.of(i), await(underWay.get(i)));
    }
    assertEquals(0, client.pendingCalls());
    assertEquals(
        Atom.of("room_again"),
        await(client.call(server, Tuple.of(Atom.of("echo"), Atom.of("room_again")), LONG)));
  }

  @Test
  void anRpcBeyondTheLimitFailsAtOnceAndTheOthersComplete() throws Exception {
    Rpc rpc = java.bridge().rpc();
    Atom erl = erlang.node().nodeAtom();
    List<CompletionStage<Term>> underWay = new ArrayList<>();
    for (int i = 0; i < MAX_PENDING; i++) {
      // rex runs each in its own process: all four sleep 3 s together.
      underWay.add(rpc.call(erl, Atom.of("timer"), Atom.of("sleep"), List.of(Int.of(3000)), LONG));
    }
    assertEquals(MAX_PENDING, rpc.pendingCalls());

    CompletableFuture<Term> refused =
        rpc.call(erl, Atom.of("erlang"), Atom.of("node"), List.of(), LONG).toCompletableFuture();
    assertTrue(refused.isDone(), "refused at once, not queued");
    ExecutionException e = assertThrows(ExecutionException.class, refused::get);
    RpcTooManyCallsException tooMany =
        assertInstanceOf(RpcTooManyCallsException.class, e.getCause());
    assertEquals(Atom.of("system_limit"), tooMany.reason());
    assertEquals(MAX_PENDING, tooMany.limit());
    assertEquals(erl, tooMany.node());

    for (CompletionStage<Term> call : underWay) {
      assertEquals(Atom.of("ok"), await(call));
    }
    assertEquals(0, rpc.pendingCalls());
    assertEquals(erl, await(rpc.call(erl, Atom.of("erlang"), Atom.of("node"), List.of(), LONG)));
  }
}
