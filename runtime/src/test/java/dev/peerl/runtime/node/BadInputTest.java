package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.handshake.Handshake;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Bad input closes only its own connection; the node goes on serving a real erl. */
class BadInputTest {
  private static final String COOKIE = "peerl_bad_input_cookie";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static final AtomicInteger PEERS = new AtomicInteger();

  private static JavaNode java;

  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(Handshake.class),
          (Logger) LoggerFactory.getLogger(ConnectionActor.class));
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    log.start();
    loggers.forEach(l -> l.addAppender(log));
  }

  @AfterEach
  void releaseLog() {
    loggers.forEach(l -> l.detachAppender(log));
  }

  /** Waits for a WARN line that contains every one of {@code parts}. */
  private void awaitWarning(String... parts) {
    java.testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              List<String> warnings;
              synchronized (log) {
                warnings =
                    log.list.stream()
                        .filter(e -> e.getLevel() == Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList();
              }
              assertTrue(
                  warnings.stream().anyMatch(w -> List.of(parts).stream().allMatch(w::contains)),
                  "no WARN with " + List.of(parts) + ": " + warnings);
              return null;
            });
  }

  private static String rawName() {
    return "peerl_bad_" + PEERS.incrementAndGet() + "@" + JavaNode.hostOf(erlang.node().nodeName());
  }

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

  /** Writes {@code bytes} and waits until the node closes the socket. */
  private static void sendAndAwaitClose(byte[] bytes) throws Exception {
    try (Socket socket = RawDistPeer.open(java, 0)) {
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
    java.assertServes(erlang.node());
  }

  @Test
  void aSendNameTooLongForItsContentClosesThatSocketOnly() throws Exception {
    sendAndAwaitClose(new byte[] {(byte) 0xFF, (byte) 0xFF, 'N', 0, 0, 0, 0});
    java.assertServes(erlang.node());
  }

  @Test
  void aSilentSocketIsClosedAfterTheSetupTime() throws Exception {
    long start = System.nanoTime();
    sendAndAwaitClose(new byte[0]);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis >= 1_500 && millis < 8_000, "closed after " + millis + " ms");
    java.assertServes(erlang.node());
  }

  @Test
  void aMalformedFrameAfterTheHandshakeClosesThatConnectionOnly() throws Exception {
    String liar = "peerl_liar@" + JavaNode.hostOf(erlang.node().nodeName());
    // 'p', 131, then a tag that does not exist.
    ByteString badFrame = ByteString.fromArray(new byte[] {112, (byte) 131, (byte) 255, 1, 2});
    assertEquals(
        java.name().name(),
        StreamPeer.handshakeThenSend(java, liar, COOKIE, List.of(badFrame)).peerNode());
    StreamPeer.awaitDropped(java, liar);
    java.assertServes(erlang.node());
  }

  @Test
  void aWrongChallengeReplyIsRefusedAndLoggedWithThePeer() throws Exception {
    String name = rawName();
    // The peer's digest is made with another cookie: the node closes the socket without 'a'.
    assertThrows(IOException.class, () -> RawDistPeer.connect(java, name, "not_the_cookie", 0));
    awaitWarning(name, "CHALLENGE_REPLY");
    // The refused connection leaves the table once its actor has seen the stream end.
    java.testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertTrue(java.node.connectionStats(Atom.of(name)).isEmpty());
              return null;
            });
    java.assertServes(erlang.node());
  }

  @Test
  void aControlTupleWithAnUnknownOpClosesThatConnectionAndTheWarningNamesPeerAndProblem()
      throws Exception {
    String name = rawName();
    try (RawDistPeer peer = RawDistPeer.connect(java, name, COOKIE, RawDistPeer.PLAIN)) {
      // As erts (dist.c, invalid_message): an op it does not know kills the connection.
      peer.send(Tuple.of(Int.of(99), peer.pid(), Atom.of("x")), null);
      peer.drainUntilClosed();
    }
    awaitWarning(name, "unsupported control op 99");
    java.assertServes(erlang.node());
  }
}
