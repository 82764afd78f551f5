package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Ref;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the behavior every process runs in does with the user's behavior: a behavior returned in
 * place of the current one replaces it (started first, if it is deferred), an unhandled message
 * leaves the process running, and a process stops with {@code normal} however its behavior stopped
 * (with a stop callback, or as it started), its callback run and the node's tables left.
 */
class ProcessBehaviorTest {
  private static final String COOKIE = "peerl_behavior_cookie";
  private static final Atom TICK = Atom.of("tick");
  private static final Atom REPORT = Atom.of("report");
  private static final Atom STOP = Atom.of("stop");

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  @Test
  void aBehaviorReturnedInPlaceOfTheCurrentOneReplacesIt() {
    ErlangNode node = javaNode.get().node;
    TestProbe<Integer> reports = javaNode.get().testKit.createTestProbe();
    ProcessRef counter = node.spawn(ctx -> counting(0, reports));
    for (int i = 0; i < 5; i++) {
      node.send(counter.pid(), counter.pid(), TICK);
    }
    node.send(counter.pid(), counter.pid(), REPORT);
    assertEquals(5, reports.receiveMessage(JavaNode.DEADLINE));
    node.send(counter.pid(), counter.pid(), TICK);
    node.send(counter.pid(), counter.pid(), REPORT);
    assertEquals(6, reports.receiveMessage(JavaNode.DEADLINE));
    node.send(counter.pid(), counter.pid(), STOP);
  }

  @Test
  void anUnhandledMessageLeavesTheProcessRunning() {
    ErlangNode node = javaNode.get().node;
    TestProbe<Integer> reports = javaNode.get().testKit.createTestProbe();
    ProcessRef process =
        node.spawn(
            ctx ->
                Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                        ProcessMessage.Message.class,
                        m -> {
                          if (!m.body().equals(REPORT)) {
                            return Behaviors.unhandled();
                          }
                          reports.getRef().tell(1);
                          return Behaviors.stopped();
                        })
                    .build());
    node.send(process.pid(), process.pid(), TICK);
    node.send(process.pid(), process.pid(), REPORT);
    assertEquals(1, reports.receiveMessage(JavaNode.DEADLINE));
    reports.expectTerminated(process.actor(), JavaNode.DEADLINE);
  }

  @Test
  void aBehaviorStoppedWithACallbackRunsItAndExitsNormal() throws Exception {
    ErlangNode node = javaNode.get().node;
    ProcessProbe observer = ProcessProbe.spawn(javaNode.get(), null, false);
    CountDownLatch callback = new CountDownLatch(1);
    ProcessRef process =
        node.spawn(
            ctx ->
                Behaviors.receive(ProcessMessage.class)
                    .onMessage(
                        ProcessMessage.Message.class, m -> Behaviors.stopped(callback::countDown))
                    .build());
    Ref monitor = observer.ctx().monitor(process.pid());
    node.send(process.pid(), process.pid(), STOP);
    assertEquals(
        new ProcessMessage.Down(monitor, process.pid(), ExitReason.NORMAL),
        observer.inbox().receiveMessage(JavaNode.DEADLINE));
    assertTrue(callback.await(10, TimeUnit.SECONDS), "the stop callback did not run");
  }

  @Test
  void aBehaviorThatStopsAsItStartsExitsNormalAndLeavesTheTable() throws Exception {
    ErlangNode node = javaNode.get().node;
    ProcessProbe observer = ProcessProbe.spawn(javaNode.get(), null, true);
    int baseline = node.processCount();
    ProcessRef process =
        node.spawn(
            ctx -> {
              ctx.link(observer.pid());
              return Behaviors.setup(inner -> Behaviors.stopped());
            });
    assertEquals(
        new ProcessMessage.ExitSignal(process.pid(), ExitReason.NORMAL),
        observer.inbox().receiveMessage(JavaNode.DEADLINE));
    javaNode.get().awaitProcessCount(baseline);
    observer.ctx().stop(ExitReason.NORMAL);
  }

  /** Counts ticks in a new behavior for each; reports the count, then stops on stop. */
  private static Behavior<ProcessMessage> counting(int ticks, TestProbe<Integer> reports) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body().equals(TICK)) {
                // Every other step deferred: it is started before it replaces the current one.
                return ticks % 2 == 0
                    ? Behaviors.setup(ctx -> counting(ticks + 1, reports))
                    : counting(ticks + 1, reports);
              }
              if (m.body().equals(REPORT)) {
                reports.getRef().tell(ticks);
                return Behaviors.same();
              }
              return Behaviors.stopped();
            })
        .build();
  }
}
