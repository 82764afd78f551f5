package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.Handshake;
import dev.peerl.runtime.handshake.HandshakeResult;
import dev.peerl.runtime.handshake.HandshakeSettings;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input closes only its own connection; the node goes on serving a real erl. */
class BadInputTest {
  private static final String COOKIE = "peerl_bad_input_cookie";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java =
        JavaNode.start(
            JavaNode.hostOf(erlang.node().nodeName()),
            COOKIE,
            "peerl.distribution.net-setuptime = 2s");
    java.echo("echo");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** erl reaches the echo process over a fresh connection (a connection is dropped first). */
  private static void assertServesErl() {
    erlang.node().eval("erlang:disconnect_node(Java)", Map.of("Java", java.name()));
    assertEquals(
        Atom.of("pong"),
        erlang
            .node()
            .eval(
                "{echo, Java} ! {self(), pong}, receive R -> R after 5000 -> timeout end",
                Map.of("Java", java.name())));
  }

  /** Writes {@code bytes} and waits until the node closes the socket. */
  private static void sendAndAwaitClose(byte[] bytes) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", java.node.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // Whatever the node answers (a refusing status) until it closes.
      }
    }
  }

  @Test
  void garbageInsteadOfAHandshakeClosesThatSocketOnly() throws Exception {
    sendAndAwaitClose("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
    assertServesErl();
  }

  @Test
  void aSendNameTooLongForItsContentClosesThatSocketOnly() throws Exception {
    sendAndAwaitClose(new byte[] {(byte) 0xFF, (byte) 0xFF, 'N', 0, 0, 0, 0});
    assertServesErl();
  }

  @Test
  void aSilentSocketIsClosedAfterTheSetupTime() throws Exception {
    long start = System.nanoTime();
    sendAndAwaitClose(new byte[0]);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis >= 1_500 && millis < 8_000, "closed after " + millis + " ms");
    assertServesErl();
  }

  @Test
  void aMalformedFrameAfterTheHandshakeClosesThatConnectionOnly() throws Exception {
    String liar = "peerl_liar@" + JavaNode.hostOf(erlang.node().nodeName());
    HandshakeSettings settings =
        new HandshakeSettings(liar, 7, COOKIE, DistFlags.offered(true), Duration.ofSeconds(5));
    // 'p', 131, then a tag that does not exist.
    ByteString badFrame = ByteString.fromArray(new byte[] {112, (byte) 131, (byte) 255, 1, 2});
    Pair<CompletionStage<HandshakeResult>, CompletionStage<Done>> run =
        Flow.fromSinkAndSourceMat(
                Sink.<ByteString>ignore(),
                Source.single(badFrame).concat(Source.maybe()),
                Keep.left())
            .joinMat(
                DistFraming.bidi(1 << 20)
                    .atop(Handshake.initiator(settings, java.name().name()), Keep.right()),
                Keep.right())
            .joinMat(
                Tcp.get(java.testKit.system()).outgoingConnection("127.0.0.1", java.node.port()),
                Keep.left())
            .mapMaterializedValue(hs -> Pair.create(hs, hs.thenApply(r -> Done.getInstance())))
            .run(java.testKit.system());
    assertEquals(
        java.name().name(), run.first().toCompletableFuture().get(10, TimeUnit.SECONDS).peerNode());
    java.testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertFalse(java.node.connectedNodes().contains(Atom.of(liar)));
              assertTrue(java.node.connectionStats(Atom.of(liar)).isEmpty());
              return null;
            });
    assertServesErl();
  }
}
