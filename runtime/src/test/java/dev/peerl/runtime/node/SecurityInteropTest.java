package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.peerl.codec.Atom;
import dev.peerl.runtime.handshake.HandshakeException;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What the node gives away: with every logger at DEBUG (the control-message trace on too), a
 * handshake with a wrong cookie, refused in both roles, and one with the right cookie log neither
 * cookie, in a message, an argument or an exception.
 */
class SecurityInteropTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  // Distinctive enough that no log line contains them by chance.
  private static final String COOKIE = "right_cookie_" + random();
  private static final String WRONG_COOKIE = "wrong_cookie_" + random();
  private static final String DEBUG_EVERYTHING =
      "peerl.distribution.trace-control-messages = on\npekko.loglevel = DEBUG";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger peerl = (Logger) LoggerFactory.getLogger("dev.peerl");
  private final Logger pekko = (Logger) LoggerFactory.getLogger("org.apache.pekko");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Level peerlLevel;
  private Level pekkoLevel;

  private static String random() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @BeforeEach
  void captureEverything() {
    peerlLevel = peerl.getLevel();
    pekkoLevel = pekko.getLevel();
    peerl.setLevel(Level.DEBUG);
    pekko.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    peerl.setLevel(peerlLevel);
    pekko.setLevel(pekkoLevel);
  }

  private static String host() {
    return JavaNode.hostOf(erlang.node().nodeName());
  }

  @Test
  void noCookieInTheLogsThroughWrongAndRightHandshakesInBothRoles() throws Exception {
    try (JavaNode stranger = JavaNode.start(host(), WRONG_COOKIE, DEBUG_EVERYTHING)) {
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  stranger
                      .node
                      .connect(erlang.node().nodeAtom())
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS));
      assertInstanceOf(HandshakeException.class, refused.getCause(), refused.toString());
      assertEquals(
          Atom.FALSE,
          erlang.node().eval("net_kernel:connect_node(Java)", Map.of("Java", stranger.name())));
      assertTrue(stranger.node.connectedNodes().isEmpty());
    }
    try (JavaNode friend = JavaNode.start(host(), COOKIE, DEBUG_EVERYTHING)) {
      friend.echo("echo");
      assertEquals(
          Atom.of("hello"),
          erlang
              .node()
              .eval(
                  "{echo, Java} ! {self(), hello}, receive R -> R after 5000 -> timeout end",
                  Map.of("Java", friend.name())));
    }

    List<String> logged = loggedText();
    // The capture saw the handshakes, at DEBUG, and the refusals.
    assertTrue(
        logged.stream().anyMatch(line -> line.contains("sending ChallengeReply")),
        "no DEBUG line of the handshake captured");
    assertTrue(
        logged.stream().anyMatch(line -> line.contains("cookies differ")), "no refusal captured");
    for (String line : logged) {
      assertFalse(line.contains(COOKIE), () -> "the cookie is in the log: " + line);
      assertFalse(line.contains(WRONG_COOKIE), () -> "the wrong cookie is in the log: " + line);
    }
  }

  /** Every message, argument and exception (messages and stack frames) captured. */
  private List<String> loggedText() {
    List<String> text = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(captured.list)) {
      text.add(event.getFormattedMessage());
      if (event.getArgumentArray() != null) {
        for (Object argument : event.getArgumentArray()) {
          text.add(String.valueOf(argument));
        }
      }
      text.add(String.valueOf(event.getMDCPropertyMap()));
      for (IThrowableProxy thrown = event.getThrowableProxy();
          thrown != null;
          thrown = thrown.getCause()) {
        text.add(thrown.getClassName() + ": " + thrown.getMessage());
        for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
          text.add(frame.getSTEAsString());
        }
      }
    }
    return text;
  }
}
