package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The limits on what a peer can make a node hold, each against a real erl node (or a raw socket
 * where no erl would misbehave so): the term depth, the decoded size of a term, the distinct atoms
 * per connection, the connections other nodes may open, the handshake's time and the bytes of
 * unfinished fragmented messages. Past a limit the offending connection closes with its reason; the
 * node and its other connections carry on.
 */
class LimitsInteropTest {
  private static final String COOKIE = "peerl_limits_cookie";
  private static final int MAX_DEPTH = 100;
  private static final int MAX_ATOMS = 2000;
  private static final int MAX_DECODED_SIZE = 1 << 20;
  private static final int MAX_REASSEMBLY = 1024 * 1024;

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  /** Low term depth, decoded size and atom limits. */
  private static JavaNode bounded;

  /** One connection from other nodes at a time, and a setup time of 5 s. */
  private static JavaNode single;

  @BeforeAll
  static void startJava() throws Exception {
    String host = JavaNode.hostOf(erlang.node().nodeName());
    bounded =
        JavaNode.start(
            host,
            COOKIE,
            "peerl.distribution { max-term-depth = "
                + MAX_DEPTH
                + ", max-atoms-per-connection = "
                + MAX_ATOMS
                + ", max-decoded-size = "
                + MAX_DECODED_SIZE
                + ", max-message-size = 512KiB, max-reassembly-bytes = "
                + MAX_REASSEMBLY
                + " }");
    bounded.echo("echo");
    single =
        JavaNode.start(
            host, COOKIE, "peerl.distribution { max-inbound-connections = 1, net-setuptime = 5s }");
    single.echo("echo");
  }

  @AfterAll
  static void stopJava() {
    bounded.close();
    single.close();
  }

  private static Term eval(JavaNode java, String expression) {
    return erlang.node().eval(expression, Map.of("Java", java.name()));
  }

  /**
   * erl reaches {@code java}'s echo process, connecting if needed. Right after this node closed a
   * connection, erl may not have seen it close yet, and a message it sends into the closing
   * connection is lost (as between BEAM nodes): erl tries again then.
   */
  private static void assertServesErl(JavaNode java) {
    assertEquals(
        Atom.of("pong"),
        eval(
            java,
            "Ping = fun L(0) -> timeout; L(N) -> {echo, Java} ! {self(), pong},"
                + " receive pong -> pong after 1000 -> L(N - 1) end end, Ping(8)"));
  }

  /** Sends from erl what {@code send} makes and expects the connection to fail with {@code why}. */
  private static void assertErlSendFailsTheConnection(String send, String why) {
    TestProbe<NodeEvent> events = bounded.testKit.createTestProbe();
    assertEquals(Atom.TRUE, eval(bounded, "net_kernel:connect_node(Java)"));
    bounded.node.monitorNodes(events.getRef());
    try {
      eval(bounded, send);
      NodeDown down = events.expectMessageClass(NodeDown.class, JavaNode.DEADLINE);
      assertEquals(erlang.node().nodeAtom(), down.node());
      assertEquals(NodeDown.CONNECTION_FAILURE, down.reason());
      assertTrue(down.detail().contains(why), down.detail());
    } finally {
      bounded.node.demonitorNodes(events.getRef());
    }
  }

  @Test
  void aTermDeeperThanTheLimitClosesThatConnectionAndOnlyThat() throws Exception {
    ProcessProbe probe = ProcessProbe.spawn(bounded, "deep", false);
    String nested = "lists:foldl(fun(_, A) -> [A] end, x, lists:seq(1, %d))";
    eval(bounded, "{deep, Java} ! " + String.format(nested, MAX_DEPTH / 2) + ", ok");
    assertTrue(probe.inbox().receiveMessage(JavaNode.DEADLINE) instanceof ProcessMessage.Message);
    assertErlSendFailsTheConnection(
        "{deep, Java} ! " + String.format(nested, MAX_DEPTH * 2) + ", ok",
        "nesting deeper than the limit of " + MAX_DEPTH);
    assertServesErl(bounded);
  }

  @Test
  void aTermLargerThanTheDecodedSizeLimitClosesThatConnectionAndOnlyThat() throws Exception {
    // A one-element tuple takes 3 bytes on the wire and about 44 on the heap: 100 000 of them
    // arrive in 300 KB and would take 4 MB, past the limit of 1 MiB; 1000 take 44 KB.
    ProcessProbe probe = ProcessProbe.spawn(bounded, "wide", false);
    eval(bounded, "{wide, Java} ! lists:duplicate(1000, {x}), ok");
    assertTrue(probe.inbox().receiveMessage(JavaNode.DEADLINE) instanceof ProcessMessage.Message);
    assertErlSendFailsTheConnection(
        "{wide, Java} ! lists:duplicate(100000, {x}), ok",
        "more than the limit of " + MAX_DECODED_SIZE + " bytes once decoded");
    assertServesErl(bounded);
  }

  @Test
  void aPeerSendingMoreDistinctAtomsThanTheLimitIsDisconnected() {
    // 30 messages of 100 atoms each that no one has sent before: the 21st message goes past.
    assertErlSendFailsTheConnection(
        "[{echo, Java} ! {self(), [list_to_atom(\"limits_\" ++ integer_to_list(B * 100 + I))"
            + " || I <- lists:seq(1, 100)]} || B <- lists:seq(0, 29)], ok",
        "more than " + MAX_ATOMS + " distinct atoms");
    // A new connection starts with a new budget.
    assertServesErl(bounded);
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedAtAcceptAndTheOpenOneCarriesOn() throws Exception {
    disconnectAll();
    assertEquals(Atom.TRUE, eval(single, "net_kernel:connect_node(Java)"));
    long refusedBefore = single.node.inboundLimit().refused();
    try (ErlangTestNode other = ErlangTestNode.builder().cookie(COOKIE).start()) {
      assertEquals(
          Atom.FALSE, other.eval("net_kernel:connect_node(Java)", Map.of("Java", single.name())));
      // A raw socket too: closed at once, unanswered (the setup time is far longer than the wait).
      assertClosedUnanswered(RawDistPeer.open(single, 0));
      assertEquals(refusedBefore + 2, single.node.inboundLimit().refused());
      assertServesErl(single);

      eval(single, "erlang:disconnect_node(Java)");
      awaitNoInboundConnection(single);
      assertEquals(
          Atom.TRUE, other.eval("net_kernel:connect_node(Java)", Map.of("Java", single.name())));
    }
  }

  @Test
  void aHandshakeThatNeverFinishesHoldsItsPlaceOnlyForTheSetupTime() throws Exception {
    disconnectAll();
    try (Socket silent = RawDistPeer.open(single, 0)) {
      single
          .testKit
          .createTestProbe()
          .awaitAssert(
              JavaNode.DEADLINE,
              () -> {
                assertEquals(1, single.node.inboundLimit().open());
                return null;
              });
      assertEquals(Atom.FALSE, eval(single, "net_kernel:connect_node(Java)"));
      // The node closes the silent socket after net-setuptime, which frees its place.
      assertClosedUnanswered(silent);
    }
    awaitNoInboundConnection(single);
    assertServesErl(single);
  }

  @Test
  void fragmentedMessagesLeftUnfinishedPastTheBudgetCloseThatConnectionWithTheReasonLogged()
      throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ConnectionActor.class);
    log.start();
    logger.addAppender(log);
    TestProbe<NodeEvent> events = bounded.testKit.createTestProbe();
    bounded.node.monitorNodes(events.getRef());
    String name = "peerl_raw_reassembly@" + JavaNode.hostOf(erlang.node().nodeName());
    try (RawDistPeer peer = RawDistPeer.connect(bounded, name, COOKIE, 0)) {
      assertEquals(
          Atom.of(name), events.expectMessageClass(NodeUp.class, JavaNode.DEADLINE).node());
      // Twenty messages of two fragments each, only the first sent: 20 x 64 KiB passes 1 MiB
      // although each message is far below max-message-size.
      try {
        for (long sequence = 1; sequence <= 20; sequence++) {
          peer.write(firstFragmentFrame(sequence, 64 * 1024));
        }
      } catch (SocketException closed) {
        // The node closed the connection before the last ones were written.
      }
      peer.drainUntilClosed();
      NodeDown down = events.expectMessageClass(NodeDown.class, JavaNode.DEADLINE);
      assertEquals(Atom.of(name), down.node());
      assertEquals(NodeDown.CONNECTION_FAILURE, down.reason());
      String limit = MAX_REASSEMBLY + " bytes (peerl.distribution.max-reassembly-bytes)";
      assertTrue(down.detail().contains(limit), down.detail());
      assertTrue(
          List.copyOf(log.list).stream()
              .anyMatch(
                  e ->
                      e.getLevel() == Level.WARN
                          && e.getFormattedMessage().contains(name)
                          && e.getFormattedMessage().contains(limit)),
          log.list.toString());
    } finally {
      bounded.node.demonitorNodes(events.getRef());
      logger.detachAppender(log);
    }
    assertServesErl(bounded);
  }

  /**
   * A first fragment ({@code 131, 69}) of a message in two, no atom cache references, and {@code
   * body} bytes of its body, behind the 4-byte frame length.
   */
  private static byte[] firstFragmentFrame(long sequence, int body) {
    ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 8 + 8 + 1 + body);
    frame.putInt(frame.capacity() - 4).put((byte) 131).put((byte) 69);
    frame.putLong(sequence).putLong(2).put((byte) 0);
    return frame.array();
  }

  private static void disconnectAll() {
    eval(single, "erlang:disconnect_node(Java)");
    awaitNoInboundConnection(single);
  }

  private static void awaitNoInboundConnection(JavaNode java) {
    java.testKit
        .createTestProbe()
        .awaitAssert(
            JavaNode.DEADLINE,
            () -> {
              assertEquals(0, java.node.inboundLimit().open());
              return null;
            });
  }

  /** The node closes {@code socket} without writing anything. */
  private static void assertClosedUnanswered(Socket socket) throws Exception {
    try (socket) {
      InputStream in = socket.getInputStream();
      assertEquals(-1, in.read());
    }
  }
}
