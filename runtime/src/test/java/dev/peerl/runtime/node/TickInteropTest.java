package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** Ticks with net_ticktime 4 on both sides: an idle connection lives, a stopped peer dies. */
class TickInteropTest {
  private static final String COOKIE = "peerl_tick_cookie";
  private static final String TICKTIME =
      "peerl.distribution { net-ticktime = 4s, outbound-queue-size = 256 }";

  private static ErlangTestNode erl() {
    return ErlangTestNode.builder().cookie(COOKIE).args("-kernel", "net_ticktime", "4").start();
  }

  @Test
  void anIdleConnectionStaysUpOnTicks() throws Exception {
    try (ErlangTestNode erl = erl();
        JavaNode java = JavaNode.start(JavaNode.hostOf(erl.nodeName()), COOKIE, TICKTIME)) {
      TestProbe<NodeEvent> events = java.testKit.createTestProbe();
      java.node.monitorNodes(events.getRef());
      java.node.connect(erl.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      events.expectMessage(new NodeUp(erl.nodeAtom()));

      // Three ticktimes without a message: only ticks keep the connection up on both sides.
      events.expectNoMessage(Duration.ofSeconds(11));
      assertEquals(
          Atom.TRUE, erl.eval("lists:member(Java, nodes(hidden))", Map.of("Java", java.name())));
      ConnectionStats stats = java.node.connectionStats(erl.nodeAtom()).orElseThrow();
      assertTrue(stats.up(), stats.toString());
      assertTrue(stats.ticksIn() >= 2 && stats.ticksOut() >= 8, stats.toString());
    }
  }

  @Test
  void aStoppedPeerIsDeclaredDownAndSendsToItAreDroppedNotBlocked() throws Exception {
    ErlangTestNode erl = erl();
    try (JavaNode java = JavaNode.start(JavaNode.hostOf(erl.nodeName()), COOKIE, TICKTIME)) {
      TestProbe<NodeEvent> events = java.testKit.createTestProbe();
      java.node.monitorNodes(events.getRef());
      java.node.connect(erl.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      events.expectMessage(new NodeUp(erl.nodeAtom()));
      erl.signal("STOP");
      long stopped = System.nanoTime();

      // The peer reads nothing: the socket buffers fill, then the queue of 256, then sends drop.
      ProcessRef me = java.node.spawn(ctx -> Behaviors.ignore());
      Tuple big = Tuple.of(Atom.of("big"), Binary.of(new byte[64 * 1024]));
      for (int i = 0; i < 2_000; i++) {
        java.node.send(me.pid(), Atom.of("nobody"), erl.nodeAtom(), big);
      }
      assertTrue(
          System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(3),
          "sending to a stopped peer blocked the caller");
      assertTrue(
          java.node.connectionStats(erl.nodeAtom()).orElseThrow().dropped() > 0,
          "nothing dropped although the peer reads nothing");

      NodeDown down = events.expectMessageClass(NodeDown.class, Duration.ofSeconds(8));
      long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
      assertEquals(NodeDown.NET_TICK_TIMEOUT, down.reason(), down.toString());
      assertTrue(afterMillis >= 3_000 && afterMillis <= 6_500, "down after " + afterMillis);
    } finally {
      erl.signal("CONT");
      erl.close();
    }
  }
}
