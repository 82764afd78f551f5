package dev.peerl.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandOffExecutorConfiguratorTest {
  private final ActorTestKit testKit = ActorTestKit.create("hand-off", ConfigFactory.load());

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void peerlsDispatcherRunsOnAHandOffExecutorWithPekkosThreadNames() {
    TestProbe<String> probe = testKit.createTestProbe();
    ActorRef<ActorRef<String>> whereAmI =
        testKit.spawn(
            Behaviors.receiveMessage(
                replyTo -> {
                  replyTo.tell(Thread.currentThread().getName());
                  return Behaviors.same();
                }),
            "where",
            DispatcherSelector.fromConfig("peerl.dispatcher"));
    whereAmI.tell(probe.getRef());
    String name = probe.receiveMessage();
    assertTrue(name.startsWith("hand-off-peerl.dispatcher-"), name);
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("hand-off-peerl.dispatcher-hand-off-watcher")),
        "no hand-off watcher thread");
  }
}
