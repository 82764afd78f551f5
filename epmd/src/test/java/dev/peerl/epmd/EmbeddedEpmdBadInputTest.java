package dev.peerl.epmd;

import static dev.peerl.epmd.EpmdClientInteropTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw sockets sending what no honest client sends: each bad connection is closed, and the server
 * keeps serving everyone else, a live registration included.
 */
class EmbeddedEpmdBadInputTest {
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(500);
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static EmbeddedEpmd server;
  private static EpmdClient client;
  private static Registration holder;

  @BeforeAll
  static void startServer() {
    EpmdSettings settings = EpmdClientInteropTest.settings(0).withRequestIdleTimeout(IDLE_TIMEOUT);
    server = await(EmbeddedEpmd.start(testKit.system(), settings));
    client = EpmdClient.create(testKit.system(), settings.withPort(server.port()));
    holder = await(client.register("peerl_holder", 41000, NodeType.HIDDEN));
  }

  @AfterAll
  static void stopServer() {
    holder.close();
    await(server.stop());
    testKit.shutdownTestKit();
  }

  @AfterEach
  void serverStillServesOthers() {
    assertTrue(holder.isRegistered());
    assertEquals(41000, await(client.lookup("peerl_holder", "127.0.0.1")).orElseThrow().port());
    assertTrue(
        await(client.names("127.0.0.1")).contains(new RegisteredNode("peerl_holder", 41000)));
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("oversized length prefix", hex("ffff") + hex("6e".repeat(64))),
        Arguments.of("length over max-request-size", hex("0401") + hex("7a")),
        Arguments.of("zero length", hex("0000")),
        Arguments.of("unknown request code", hex("000163")),
        Arguments.of("http garbage", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
        Arguments.of("binary garbage", hex("0003deadbeef00")),
        Arguments.of(
            "ALIVE2 name longer than the request",
            hex("000e78") + hex("1f90") + hex("4d00000600050ff0") + "abc"),
        Arguments.of(
            "ALIVE2 extra longer than the request",
            hex("0010")
                + hex("78")
                + hex("1f904d0000060005")
                + hex("0001")
                + "a"
                + hex("0fff")
                + "zz"),
        Arguments.of("ALIVE2 too short", hex("0003780000")),
        Arguments.of("PORT_PLEASE2 without a name", hex("00017a")),
        Arguments.of("PORT_PLEASE2 name with NUL", hex("00047a610062")),
        Arguments.of("PORT_PLEASE2 name not UTF-8", hex("00037aff fe".replace(" ", ""))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void closesTheConnectionOfABadRequest(String what, String bytes) throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      assertClosedWithoutAnswer(socket, what);
    }
  }

  @Test
  void forgetsATruncatedRequestWhoseClientWentAway() throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(raw(hex("0005") + hex("7a") + "pe"));
    }
  }

  @Test
  void closesAConnectionThatSendsNothing() throws IOException {
    try (Socket socket = connect()) {
      long start = System.nanoTime();
      assertClosedWithoutAnswer(socket, "idle connection");
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
    }
  }

  @Test
  void closesAConnectionThatStopsInsideARequest() throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(raw(hex("0010") + hex("78")));
      assertClosedWithoutAnswer(socket, "slow request");
    }
  }

  @Test
  void releasesANameWhoseConnectionSendsMore() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          new EpmdRequest.Alive2(NodeInfo.of("peerl_chatty", 41001, NodeType.HIDDEN))
              .encode()
              .toArray());
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(6);
      assertEquals(EpmdRequests.ALIVE2_X_RESP, answer[0] & 0xFF);
      assertEquals(0, answer[1]);
      assertTrue(await(client.lookup("peerl_chatty", "127.0.0.1")).isPresent());
      out.write(EpmdRequest.Names.INSTANCE.encode().toArray());
      assertClosedWithoutAnswer(socket, "bytes after ALIVE2");
      RealEpmd.awaitTrue(
          Duration.ofSeconds(5),
          () -> await(client.lookup("peerl_chatty", "127.0.0.1")).isEmpty(),
          "peerl_chatty released");
    }
  }

  @Test
  void answersARequestSplitIntoSingleBytes() throws IOException {
    byte[] request = new EpmdRequest.PortPlease2("peerl_holder").encode().toArray();
    try (Socket socket = connect()) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      for (byte b : request) {
        out.write(b);
        out.flush();
      }
      byte[] answer = socket.getInputStream().readAllBytes();
      assertEquals(EpmdRequests.PORT2_RESP, answer[0] & 0xFF);
      assertEquals(0, answer[1]);
      assertEquals(41000, ((answer[2] & 0xFF) << 8) | (answer[3] & 0xFF));
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void assertClosedWithoutAnswer(Socket socket, String what) throws IOException {
    try {
      assertEquals(-1, socket.getInputStream().read(), what + ": unexpected answer");
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + ": the server did not close the connection", e);
    } catch (IOException e) {
      // A reset is a close too.
      assertTrue(e.getMessage() != null, what);
    }
  }

  private static String hex(String digits) {
    return new String(HexFormat.of().parseHex(digits), StandardCharsets.ISO_8859_1);
  }

  private static byte[] raw(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
