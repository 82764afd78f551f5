package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.runtime.connection.DistFraming;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.Handshake;
import dev.peerl.runtime.handshake.HandshakeResult;
import dev.peerl.runtime.handshake.HandshakeSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * A test peer built from Peerl's own handshake and framing stages: it connects to a Java node as
 * {@code name}, completes the handshake with every flag Peerl offers, then sends {@code frames}
 * (each a frame's contents, framed by the stage) and keeps its side open. For bad input that only a
 * connected peer can send.
 */
final class StreamPeer {
  private StreamPeer() {}

  /**
   * Connects, hands over {@code frames} after the handshake, and returns the handshake's result.
   */
  static HandshakeResult handshakeThenSend(
      JavaNode java, String name, String cookie, List<ByteString> frames) throws Exception {
    HandshakeSettings settings =
        new HandshakeSettings(name, 7, cookie, DistFlags.offered(true), Duration.ofSeconds(5));
    return Flow.fromSinkAndSourceMat(
            Sink.<ByteString>ignore(), Source.from(frames).concat(Source.maybe()), Keep.left())
        .joinMat(
            DistFraming.bidi(1 << 20)
                .atop(Handshake.initiator(settings, java.name().name()), Keep.right()),
            Keep.right())
        .joinMat(
            Tcp.get(java.testKit.system()).outgoingConnection("127.0.0.1", java.node.port()),
            Keep.left())
        .run(java.testKit.system())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** Waits until the Java node has dropped its connection to {@code name}, stats included. */
  static void awaitDropped(JavaNode java, String name) {
    java.testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertFalse(java.node.connectedNodes().contains(Atom.of(name)));
              assertTrue(java.node.connectionStats(Atom.of(name)).isEmpty());
              return null;
            });
  }
}
