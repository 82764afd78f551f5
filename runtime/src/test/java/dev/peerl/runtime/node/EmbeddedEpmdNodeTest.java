package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * With no EPMD on its port, a node set to {@code peerl.epmd.embedded = on-demand} serves EPMD
 * itself: a real erl registers with it and finds the Java node through it, and the port is free
 * again once the node has stopped.
 */
class EmbeddedEpmdNodeTest {
  private static final String COOKIE = "peerl_embedded_epmd";

  @Test
  void startsTheEmbeddedEpmdWhenNoneAnswersAndStopsItWithTheNode() throws Exception {
    int epmdPort = freePort();
    ActorTestKit testKit =
        ActorTestKit.create(
            "embedded-epmd-node",
            ConfigFactory.parseString(
                    "peerl { node-name = peerl_emb, cookie = "
                        + COOKIE
                        + ", epmd { port = "
                        + epmdPort
                        + ", embedded = on-demand } }")
                .withFallback(ConfigFactory.load()));
    try {
      ErlangNode node = ErlangNode.get(testKit.system());
      node.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.spawn(
          "echo",
          ctx ->
              Behaviors.receive(ProcessMessage.class)
                  .onMessage(
                      ProcessMessage.Message.class,
                      m -> {
                        if (m.body() instanceof Tuple t && t.get(0) instanceof Pid from) {
                          ctx.send(from, t.get(1));
                        }
                        return Behaviors.same();
                      })
                  .build());

      try (ErlangTestNode erl =
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .env("ERL_EPMD_PORT", Integer.toString(epmdPort))
              .start()) {
        Map<String, Term> java = Map.of("Java", node.nodeName());
        Term names = erl.eval("{ok, Names} = erl_epmd:names(), lists:sort([N || {N, _} <- Names])");
        assertTrue(
            ((ErlList) names).elements().contains(ErlList.ofCodePoints(shortName(node))),
            "erl does not see the Java node in our EPMD: " + names);
        Term reply =
            erl.eval(
                "{echo, Java} ! {self(), {ping, 1}}, receive R -> R after 5000 -> timeout end",
                java);
        assertEquals(Tuple.of(Atom.of("ping"), Int.of(1)), reply);
      }
    } finally {
      testKit.shutdownTestKit();
    }
    awaitPortFree(epmdPort, Duration.ofSeconds(10));
  }

  /**
   * Two nodes that start at once on a port where no EPMD runs both find none and both try to serve
   * it: one binds the port, and the other registers with it (whichever order the race takes).
   */
  @Test
  void twoNodesStartingAtOnceShareOneEmbeddedEpmd() throws Exception {
    for (int round = 0; round < 3; round++) {
      int epmdPort = freePort();
      ActorTestKit first = onDemandNode("race_a" + round, epmdPort);
      ActorTestKit second = onDemandNode("race_b" + round, epmdPort);
      try {
        ErlangNode a = ErlangNode.get(first.system());
        ErlangNode b = ErlangNode.get(second.system());
        a.started().toCompletableFuture().get(20, TimeUnit.SECONDS);
        b.started().toCompletableFuture().get(20, TimeUnit.SECONDS);
        try (ErlangTestNode erl =
            ErlangTestNode.builder()
                .cookie(COOKIE)
                .env("ERL_EPMD_PORT", Integer.toString(epmdPort))
                .start()) {
          Term names =
              erl.eval("{ok, Names} = erl_epmd:names(), lists:sort([N || {N, _} <- Names])");
          for (ErlangNode node : new ErlangNode[] {a, b}) {
            assertTrue(
                ((ErlList) names).elements().contains(ErlList.ofCodePoints(shortName(node))),
                "the EPMD does not list " + node.nodeName() + ": " + names);
          }
        }
      } finally {
        second.shutdownTestKit();
        first.shutdownTestKit();
      }
    }
  }

  private static ActorTestKit onDemandNode(String name, int epmdPort) {
    return ActorTestKit.create(
        name,
        ConfigFactory.parseString(
                "peerl { node-name = "
                    + name
                    + ", cookie = "
                    + COOKIE
                    + ", epmd { port = "
                    + epmdPort
                    + ", embedded = on-demand } }")
            .withFallback(ConfigFactory.load()));
  }

  private static String shortName(ErlangNode node) {
    String name = node.nodeName().name();
    return name.substring(0, name.indexOf('@'));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPortFree(int port, Duration deadline) throws InterruptedException {
    Instant end = Instant.now().plus(deadline);
    while (true) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return;
      } catch (IOException stillBound) {
        if (Instant.now().isAfter(end)) {
          throw new AssertionError("the embedded EPMD still holds port " + port, stillBound);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }
}
