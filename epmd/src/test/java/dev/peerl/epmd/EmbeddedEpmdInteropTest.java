package dev.peerl.epmd;

import static dev.peerl.epmd.EpmdClientInteropTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.testkit.ErlangTestNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real {@code erl} nodes and OTP's {@code epmd -names} client against our embedded server. */
class EmbeddedEpmdInteropTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static EmbeddedEpmd server;
  private static EpmdClient client;

  @BeforeAll
  static void startServer() {
    EpmdSettings settings = EpmdClientInteropTest.settings(0);
    server = await(EmbeddedEpmd.start(testKit.system(), settings));
    client = EpmdClient.create(testKit.system(), settings.withPort(server.port()));
  }

  @AfterAll
  static void stopServer() {
    await(server.stop());
    testKit.shutdownTestKit();
  }

  private static ErlangTestNode.Builder erl() {
    return ErlangTestNode.builder()
        .cookie("peerl_epmd_test")
        .env("ERL_EPMD_PORT", Integer.toString(server.port()));
  }

  private static String shortName(ErlangTestNode node) {
    return node.nodeName().substring(0, node.nodeName().indexOf('@'));
  }

  @Test
  void erlNodesRegisterFindAndPingEachOtherThroughIt() {
    try (ErlangTestNode a = erl().start();
        ErlangTestNode b = erl().start()) {
      Term pong = a.eval("net_adm:ping('" + b.nodeName() + "')");
      assertEquals(Atom.of("pong"), pong);

      int portOfA =
          (int)
              ((Int)
                      a.eval(
                          "element(2, erl_epmd:port_please(\""
                              + shortName(a)
                              + "\", \"localhost\"))"))
                  .value();
      Term listed =
          b.eval(
              "{ok, Names} = net_adm:names(), lists:keymember(\"" + shortName(a) + "\", 1, Names)");
      assertEquals(Atom.of("true"), listed);

      String listing = RealEpmd.names(server.port());
      assertTrue(
          listing.startsWith("epmd: up and running on port " + server.port() + " with data:\n"),
          listing);
      assertTrue(listing.contains("name " + shortName(a) + " at port " + portOfA + "\n"), listing);
      assertTrue(listing.contains("name " + shortName(b) + " at port "), listing);

      List<RegisteredNode> ours = await(client.names("localhost"));
      assertTrue(ours.contains(new RegisteredNode(shortName(a), portOfA)), ours.toString());
    }
  }

  @Test
  void aNodeRestartedWithTheSameNameGetsANewCreation() {
    try (ErlangTestNode origin = erl().start()) {
      // peer starts a real erl named peerl_fixed, which inherits ERL_EPMD_PORT and talks to
      // its origin over stdio.
      String restart =
          "{ok, Peer, _} = peer:start(#{name => peerl_fixed, connection => standard_io}), "
              + "Creation = peer:call(Peer, erlang, system_info, [creation]), "
              + "ok = peer:stop(Peer), Creation";
      long first = ((Int) origin.eval(restart, Duration.ofSeconds(20))).value();
      long second = ((Int) origin.eval(restart, Duration.ofSeconds(20))).value();
      // OTP's epmd: a new name gets the Unix time plus one, the same name again one more.
      assertTrue(Math.abs(first - System.currentTimeMillis() / 1000) < 60, "creation " + first);
      assertEquals(first + 1, second);
    }
  }

  @Test
  void refusesALiveNameToAnotherNodeAndToOurClient() throws Exception {
    try (ErlangTestNode holder = erl().start()) {
      String name = shortName(holder);
      ProcessBuilder duplicate =
          new ProcessBuilder("erl", "-sname", name, "-noshell", "-eval", "halt().")
              .redirectErrorStream(true);
      duplicate.environment().put("ERL_EPMD_PORT", Integer.toString(server.port()));
      Process process = duplicate.start();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS));
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(output.contains("seems to be in use by another Erlang node"), output);
      assertEquals(1, process.exitValue());

      CompletionException failure =
          assertThrows(
              CompletionException.class,
              () -> await(client.register(name, 40100, NodeType.HIDDEN)));
      assertInstanceOf(EpmdException.class, failure.getCause());
      assertEquals(
          holder.eval("element(2, erl_epmd:port_please(\"" + name + "\", \"localhost\"))"),
          Int.of(await(client.lookup(name, "localhost")).orElseThrow().port()));
    }
  }

  @Test
  void servesOurClientBothAnswerFormats() {
    try (Registration modern = await(client.register("peerl_modern", 40101, NodeType.HIDDEN));
        Registration old =
            await(
                client.register(
                    new NodeInfo(
                        "peerl_v5",
                        40102,
                        77,
                        0,
                        5,
                        5,
                        org.apache.pekko.util.ByteString.fromString("x"))))) {
      assertTrue(modern.creation() > 3);
      assertTrue(old.creation() >= 1 && old.creation() <= 3);
      NodeInfo found = await(client.lookup("peerl_v5", "127.0.0.1")).orElseThrow();
      assertEquals(old.node(), found);
      assertTrue(await(client.lookup("peerl_nobody", "127.0.0.1")).isEmpty());
      assertTrue(await(client.isRunning("127.0.0.1", server.port())));
    }
  }

  @Test
  void releasesANameWhenItsConnectionCloses() {
    Registration registration = await(client.register("peerl_short", 40103, NodeType.HIDDEN));
    long creation = registration.creation();
    await(registration.closeAsync());
    RealEpmd.awaitTrue(
        Duration.ofSeconds(5),
        () -> await(client.lookup("peerl_short", "127.0.0.1")).isEmpty(),
        "the name released");
    try (Registration again = await(client.register("peerl_short", 40103, NodeType.HIDDEN))) {
      assertNotEquals(creation, again.creation());
    }
  }

  @Test
  void refusesKillAndStopByDefault() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(EpmdRequest.Kill.INSTANCE.encode().toArray());
      assertEquals("NO", new String(readToEnd(socket.getInputStream()), StandardCharsets.US_ASCII));
    }
    try (Registration held = await(client.register("peerl_kept", 40104, NodeType.HIDDEN));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(new EpmdRequest.Stop("peerl_kept").encode().toArray());
      assertEquals(0, readToEnd(socket.getInputStream()).length);
      assertTrue(held.isRegistered());
      assertTrue(await(client.lookup("peerl_kept", "127.0.0.1")).isPresent());
    }
    assertTrue(await(client.isRunning("127.0.0.1", server.port())));
  }

  @Test
  void obeysKillAndStopWhenEnabled() throws IOException {
    EpmdSettings settings = EpmdClientInteropTest.settings(0).withEnableKill(true);
    EmbeddedEpmd killable = await(EmbeddedEpmd.start(testKit.system(), settings));
    EpmdClient own = EpmdClient.create(testKit.system(), settings.withPort(killable.port()));
    Registration held = await(own.register("peerl_stopped", 40105, NodeType.HIDDEN));
    String stop =
        RealEpmd.run(
            List.of("epmd", "-port", Integer.toString(killable.port()), "-stop", "peerl_stopped"));
    assertTrue(stop.contains("STOPPED"), stop);
    RealEpmd.awaitTrue(
        Duration.ofSeconds(5), () -> !held.isRegistered(), "the registration stopped");
    held.close();
    String kill =
        RealEpmd.run(List.of("epmd", "-port", Integer.toString(killable.port()), "-kill"));
    assertTrue(kill.contains("Killed"), kill);
    RealEpmd.awaitTrue(
        Duration.ofSeconds(5),
        () -> !await(own.isRunning("127.0.0.1", killable.port())),
        "the server stopped");
  }

  static byte[] readToEnd(InputStream in) throws IOException {
    return new DataInputStream(in).readAllBytes();
  }
}
