package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our client against OTP's own {@code epmd} and a real {@code erl} node registered with it. */
class EpmdClientInteropTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static RealEpmd epmd;
  private static EpmdClient client;

  @BeforeAll
  static void startEpmd() {
    epmd = RealEpmd.start();
    client = EpmdClient.create(testKit.system(), settings(epmd.port()));
  }

  @AfterAll
  static void stopEpmd() {
    epmd.close();
    testKit.shutdownTestKit();
  }

  static EpmdSettings settings(int port) {
    return EpmdSettings.fromConfig(
            ConfigFactory.parseString(
                    "reregister-min-backoff = 50ms, reregister-max-backoff = 200ms")
                .withFallback(ConfigFactory.defaultReference().getConfig("peerl.epmd")),
            Map.of())
        .withPort(port);
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
  }

  @Test
  void registersANameThatEpmdNamesLists() {
    try (Registration registration = await(client.register("peerl_reg", 40001, NodeType.HIDDEN))) {
      // OTP's epmd hands a new name the Unix time plus one.
      long now = System.currentTimeMillis() / 1000;
      assertTrue(
          Math.abs(registration.creation() - now) < 60, "creation " + registration.creation());
      assertTrue(RealEpmd.names(epmd.port()).contains("name peerl_reg at port 40001\n"));
      NodeInfo found = await(client.lookup("peerl_reg", "localhost")).orElseThrow();
      assertEquals(NodeInfo.of("peerl_reg", 40001, NodeType.HIDDEN), found);
    }
  }

  @Test
  void releasesTheNameWhenTheRegistrationCloses() {
    Registration registration = await(client.register("peerl_gone", 40002, NodeType.NORMAL));
    assertTrue(await(client.lookup("peerl_gone", "127.0.0.1")).isPresent());
    await(registration.closeAsync());
    RealEpmd.awaitTrue(
        Duration.ofSeconds(5),
        () -> await(client.lookup("peerl_gone", "127.0.0.1")).isEmpty(),
        "epmd to forget peerl_gone");
  }

  @Test
  void reRegistrationOfAReleasedNameGetsTheNextCreation() {
    long first;
    try (Registration registration =
        await(client.register("peerl_again", 40003, NodeType.NORMAL))) {
      first = registration.creation();
      await(registration.closeAsync());
    }
    RealEpmd.awaitTrue(
        Duration.ofSeconds(5),
        () -> await(client.lookup("peerl_again", "localhost")).isEmpty(),
        "epmd to forget peerl_again");
    try (Registration registration =
        await(client.register("peerl_again", 40003, NodeType.NORMAL))) {
      assertEquals(first + 1, registration.creation());
    }
  }

  @Test
  void refusesALiveName() {
    try (Registration registration = await(client.register("peerl_dup", 40004, NodeType.NORMAL))) {
      assertTrue(registration.isRegistered());
      CompletionException refused =
          assertThrows(
              CompletionException.class,
              () -> await(client.register("peerl_dup", 40005, NodeType.NORMAL)));
      EpmdException cause = assertInstanceOf(EpmdException.class, refused.getCause());
      assertEquals("ALIVE2_REQ(peerl_dup)", cause.request());
    }
  }

  @Test
  void understandsTheOld16BitAlive2Answer() {
    NodeInfo old =
        new NodeInfo(
            "peerl_old", 40006, 77, 0, 5, 5, org.apache.pekko.util.ByteString.emptyByteString());
    try (Registration registration = await(client.register(old))) {
      // ALIVE2_RESP to a version-5 client: creation 1..3.
      assertTrue(registration.creation() >= 1 && registration.creation() <= 3);
    }
  }

  @Test
  void looksUpAnErlNodeAndListsIt() {
    try (ErlangTestNode erl =
        ErlangTestNode.builder().env("ERL_EPMD_PORT", Integer.toString(epmd.port())).start()) {
      String shortName = erl.nodeName().substring(0, erl.nodeName().indexOf('@'));
      NodeInfo found = await(client.lookup(erl.nodeName())).orElseThrow();
      Tuple portPlease =
          (Tuple) erl.eval("erl_epmd:port_please(\"" + shortName + "\", \"localhost\")");
      assertEquals(portOf(portPlease.get(1)), found.port());
      assertEquals(shortName, found.name());
      assertEquals(EpmdRequests.NODE_TYPE_NORMAL, found.nodeType());
      assertEquals(6, found.highestVersion());
      assertEquals(5, found.lowestVersion());
      assertTrue(
          await(client.names("localhost")).contains(new RegisteredNode(shortName, found.port())));
    }
  }

  @Test
  void looksUpAnUnknownNameAsEmpty() {
    assertEquals(Optional.empty(), await(client.lookup("peerl_nobody", "localhost")));
  }

  @Test
  void probesWhetherEpmdRuns() {
    assertTrue(await(client.isRunning("localhost", epmd.port())));
    assertFalse(await(client.isRunning("localhost", RealEpmd.freePort())));
  }

  @Test
  void failsWithContextWhenNoEpmdAnswers() {
    int nobody = RealEpmd.freePort();
    EpmdClient lost = EpmdClient.create(testKit.system(), settings(nobody));
    CompletionException failure =
        assertThrows(CompletionException.class, () -> await(lost.names("127.0.0.1")));
    EpmdException cause = assertInstanceOf(EpmdException.class, failure.getCause());
    assertEquals("127.0.0.1:" + nobody, cause.epmd());
    assertEquals("NAMES_REQ", cause.request());
  }

  @Test
  void registersAgainWhenEpmdComesBack() {
    RealEpmd own = RealEpmd.start();
    try {
      EpmdClient ownClient = EpmdClient.create(testKit.system(), settings(own.port()));
      Registration registration = await(ownClient.register("peerl_back", 40007, NodeType.HIDDEN));
      List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
      registration.subscribe(events::add);
      own.close();
      RealEpmd.awaitTrue(
          Duration.ofSeconds(5), () -> !registration.isRegistered(), "the loss to be noticed");
      try (RealEpmd again = RealEpmd.start(own.port())) {
        RealEpmd.awaitTrue(
            Duration.ofSeconds(10), registration::isRegistered, "registration restored");
        assertTrue(RealEpmd.names(again.port()).contains("name peerl_back at port 40007"));
        assertInstanceOf(RegistrationEvent.Lost.class, events.get(0));
        RealEpmd.awaitTrue(
            Duration.ofSeconds(5),
            () -> events.stream().anyMatch(RegistrationEvent.Restored.class::isInstance),
            "a Restored event");
        await(registration.closeAsync());
      }
    } finally {
      own.close();
    }
  }

  private static int portOf(Term term) {
    return (int) ((Int) term).value();
  }
}
