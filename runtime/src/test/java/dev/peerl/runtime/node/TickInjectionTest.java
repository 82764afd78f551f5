package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.control.OutboundFrame;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TickInjectionTest {
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("TickInjectionTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static OutboundFrame frame(int n) {
    return new OutboundFrame(null, null, ByteString.fromArray(new byte[] {(byte) n}), false);
  }

  private static Pair<TestPublisher.Probe<OutboundFrame>, TestSubscriber.Probe<OutboundFrame>>
      materialize(Duration interval) {
    return TestSource.<OutboundFrame>probe(system)
        .via(new TickInjection(interval))
        .toMat(TestSink.probe(system), Keep.both())
        .run(system);
  }

  @Test
  void anIdleConnectionTicksOncePerInterval() {
    var probes = materialize(INTERVAL);
    TestSubscriber.Probe<OutboundFrame> out = probes.second();

    out.request(3);
    for (int i = 0; i < 3; i++) {
      assertTrue(out.expectNext(Duration.ofSeconds(5)).isTick());
    }
    out.expectNoMessage(INTERVAL.dividedBy(2));
  }

  @Test
  void framesPassInOrderAndABusyConnectionDoesNotTick() {
    var probes = materialize(Duration.ofSeconds(30));
    TestPublisher.Probe<OutboundFrame> in = probes.first();
    TestSubscriber.Probe<OutboundFrame> out = probes.second();

    out.request(100);
    for (int i = 0; i < 100; i++) {
      in.sendNext(frame(i));
    }
    for (int i = 0; i < 100; i++) {
      OutboundFrame next = out.expectNext();
      assertEquals(i, next.body().apply(0));
    }
  }

  @Test
  void aFrameThatArrivesWhileATickWaitsForDemandGoesOutNext() throws Exception {
    var probes = materialize(INTERVAL);
    TestPublisher.Probe<OutboundFrame> in = probes.first();
    TestSubscriber.Probe<OutboundFrame> out = probes.second();

    out.request(1);
    assertTrue(out.expectNext(Duration.ofSeconds(5)).isTick());
    // No demand now: a frame and the next tick both wait; the frame wins, the tick is dropped.
    OutboundFrame frame = frame(7);
    in.sendNext(frame);
    Thread.sleep(INTERVAL.multipliedBy(3).toMillis());
    out.request(1);
    assertSame(frame, out.expectNext(Duration.ofSeconds(5)));
  }

  @Test
  void completesAfterTheLastFrame() {
    var probes = materialize(Duration.ofSeconds(30));
    TestPublisher.Probe<OutboundFrame> in = probes.first();
    TestSubscriber.Probe<OutboundFrame> out = probes.second();

    in.sendNext(frame(1));
    in.sendComplete();
    out.request(2);
    assertEquals(1, out.expectNext().body().apply(0));
    out.expectComplete();
  }
}
