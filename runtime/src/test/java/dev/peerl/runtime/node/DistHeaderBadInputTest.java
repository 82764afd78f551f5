package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.handshake.HandshakeResult;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer whose distribution headers cannot be obeyed (a reference to an atom cache entry it never
 * set, fragments out of their sequence, fragments adding up past max-message-size) loses its own
 * connection; the node goes on serving a real erl.
 */
class DistHeaderBadInputTest {
  private static final String COOKIE = "peerl_bad_header_cookie";
  private static final int MAX_MESSAGE = 64 * 1024;
  private static final AtomicInteger LIARS = new AtomicInteger();

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
            "peerl.distribution.max-message-size = " + MAX_MESSAGE);
    java.echo("echo");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static ByteString bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return ByteString.fromArray(out);
  }

  private static ByteString fragment(int kind, long sequence, long id, int size) {
    ByteBuffer header = ByteBuffer.allocate(18);
    header.put((byte) 131).put((byte) kind).putLong(sequence).putLong(id);
    ByteString frame = ByteString.fromArray(header.array());
    if (kind == 69) {
      frame = frame.concat(bytes(0)); // no atom cache references
    }
    return frame.concat(ByteString.fromArray(new byte[size]));
  }

  static Stream<Arguments> badFrames() {
    return Stream.of(
        Arguments.of(
            "a reference to an atom cache entry never set",
            List.of(bytes(131, 68, 1, 0x00, 7, 104, 1, 82, 0))),
        Arguments.of(
            "a fragment out of sequence",
            List.of(fragment(69, 1, 3, 100), fragment(70, 1, 1, 100))),
        Arguments.of("a fragment of a sequence never started", List.of(fragment(70, 5, 1, 100))),
        Arguments.of(
            "fragments adding up past max-message-size",
            List.of(fragment(69, 1, 3, 40_000), fragment(70, 1, 2, 40_000))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFrames")
  void closesOnlyTheConnectionThatSentIt(String what, List<ByteString> frames) throws Exception {
    String liar =
        "peerl_header_liar" + LIARS.incrementAndGet() + "@" + JavaNode.hostOf(java.name().name());
    HandshakeResult result = StreamPeer.handshakeThenSend(java, liar, COOKIE, frames);
    assertTrue(
        result.has(DistFlags.DFLAG_DIST_HDR_ATOM_CACHE) && result.has(DistFlags.DFLAG_FRAGMENTS));
    StreamPeer.awaitDropped(java, liar);
    java.assertEchoes(erlang.node());
  }
}
