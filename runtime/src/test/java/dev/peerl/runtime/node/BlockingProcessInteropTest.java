package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process that blocks, waiting for something that comes over the very connection that woke it,
 * must not stall that connection. A message from erl usually runs its process on the thread that
 * waits for the connection's socket (see {@code SocketStage}); while the process blocks there,
 * another thread must take over the waiting, or the answer it waits for is never read.
 */
class BlockingProcessInteropTest {
  private static final String COOKIE = "peerl_blocking_cookie";
  private static final Duration LONG = Duration.ofSeconds(30);

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static JavaNode java;
  private static final BlockingQueue<Term> caught = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
    // Puts whatever it receives where the blocker waits for it.
    ProcessRef catcher =
        java.node.spawn(
            "catcher",
            ctx ->
                Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                        ProcessMessage.Message.class,
                        m -> {
                          caught.add(m.body());
                          return Behaviors.same();
                        })
                    .build());
    // On {From, go}: asks From to send the catcher a pong, blocks until the catcher has it (up to
    // 15 s), then tells From whether it came.
    spawnQuietBlocker();
    java.node.spawn(
        "blocker",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      Pid from = (Pid) ((Tuple) m.body()).get(0);
                      ctx.send(from, Tuple.of(Atom.of("ping"), catcher.pid()));
                      Term got = caught.poll(15, TimeUnit.SECONDS);
                      ctx.send(
                          from,
                          Tuple.of(Atom.of("unblocked"), Atom.of(String.valueOf(got != null))));
                      return Behaviors.same();
                    })
                .build());
  }

  // On {From, wait}: blocks until the catcher has something (up to 15 s), handing nothing off
  // first, then tells From whether it came.
  private static void spawnQuietBlocker() {
    java.node.spawn(
        "quiet_blocker",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      Term got = caught.poll(15, TimeUnit.SECONDS);
                      Pid from = (Pid) ((Tuple) m.body()).get(0);
                      ctx.send(
                          from,
                          Tuple.of(Atom.of("unblocked"), Atom.of(String.valueOf(got != null))));
                      return Behaviors.same();
                    })
                .build());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  @Test
  void aProcessBlockedOnAnAnswerFromTheSameConnectionGetsIt() {
    assertUnblockedEachTime(
        "{blocker, Java} ! {self(), go},"
            + "receive {ping, Catcher} -> Catcher ! pong after 15000 -> no_ping end,"
            + "receive {unblocked, R} -> R after 20000 -> timeout end");
  }

  @Test
  void aProcessThatBlocksWithoutSendingAnythingDoesNotStallItsConnection() {
    assertUnblockedEachTime(
        "{quiet_blocker, Java} ! {self(), wait},"
            + "timer:sleep(100),"
            + "{catcher, Java} ! pong,"
            + "receive {unblocked, R} -> R after 20000 -> timeout end");
  }

  private static void assertUnblockedEachTime(String expression) {
    for (int i = 0; i < 5; i++) {
      Term result = erlang.node().eval(expression, Map.of("Java", java.name()), LONG);
      assertEquals(Atom.of("true"), result, "round " + i);
    }
  }
}
