package dev.peerl.runtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import javax.net.ssl.SSLHandshakeException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
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

/** The stage on top of TLS, between probes standing for the layer above and for TLS. */
class TlsFailureFirstTest {
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("TlsFailureFirstTest");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  /** The layer above writes to {@code down} and reads {@code up}; TLS reads and writes below. */
  private record Probes(
      TestPublisher.Probe<ByteString> down,
      TestSubscriber.Probe<ByteString> up,
      TestSubscriber.Probe<ByteString> tlsReads,
      TestPublisher.Probe<ByteString> tlsWrites) {}

  private static Probes run() {
    Flow<
            ByteString,
            ByteString,
            Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>>
        tls =
            Flow.fromSinkAndSourceMat(
                TestSink.<ByteString>create(system),
                TestSource.<ByteString>create(system),
                Keep.both());
    // Reversed, the stage's way up takes what the TLS probe writes and its way down feeds it.
    Flow<
            ByteString,
            ByteString,
            Pair<TestSubscriber.Probe<ByteString>, TestPublisher.Probe<ByteString>>>
        stack = tls.joinMat(TlsFailureFirst.bidi().reversed(), Keep.left());
    var probes =
        TestSource.<ByteString>create(system)
            .viaMat(stack, Keep.both())
            .toMat(TestSink.<ByteString>create(system), Keep.both())
            .run(system);
    return new Probes(
        probes.first().first(),
        probes.second(),
        probes.first().second().first(),
        probes.first().second().second());
  }

  @Test
  void passesBytesBothWays() {
    Probes probes = run();
    probes.down().sendNext(ByteString.fromString("down"));
    assertEquals(ByteString.fromString("down"), probes.tlsReads().requestNext());
    probes.tlsWrites().sendNext(ByteString.fromString("up"));
    assertEquals(ByteString.fromString("up"), probes.up().requestNext());
  }

  @Test
  void holdsTlsCancellingTheWayDownUntilItsFailureCanGoUpWithTheReason() {
    Probes probes = run();
    SSLHandshakeException refused = new SSLHandshakeException("Empty client certificate chain");
    probes.tlsReads().cancel();
    probes.tlsWrites().sendError(refused);

    probes.up().request(1);
    assertSame(refused, probes.up().expectError());
    // The layer above learns the reason on its way down too, not an anonymous cancellation.
    probes.down().expectCancellationWithCause(refused);
  }

  @Test
  void endsBothWaysWhenTlsClosesNormally() {
    Probes probes = run();
    probes.tlsReads().cancel();
    probes.tlsWrites().sendComplete();

    probes.up().request(1);
    probes.up().expectComplete();
    probes.down().expectCancellation();
  }
}
