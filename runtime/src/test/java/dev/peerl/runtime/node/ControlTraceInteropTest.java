package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The per-node trace of control messages, switched by peerl.distribution.trace-control-messages.
 */
class ControlTraceInteropTest {
  private static final String COOKIE = "peerl_trace_cookie";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private final Logger traceLogger = (Logger) LoggerFactory.getLogger("dev.peerl.runtime.trace");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Level previousLevel;

  @BeforeEach
  void capture() {
    previousLevel = traceLogger.getLevel();
    traceLogger.setLevel(Level.DEBUG);
    captured.start();
    traceLogger.addAppender(captured);
  }

  @AfterEach
  void release() {
    traceLogger.detachAppender(captured);
    traceLogger.setLevel(previousLevel);
  }

  @Test
  void tracesEveryControlMessageBothWaysWithThePeerWhenSwitchedOn() throws Exception {
    try (JavaNode java =
        JavaNode.start(host(), COOKIE, "peerl.distribution.trace-control-messages = on")) {
      assertEquals(Atom.of("traced"), echoThrough(java));
      String erl = erlang.node().nodeName();
      List<String> lines = lines();
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("[" + erl + "]") && l.contains(" <- RegSend")),
          "no inbound REG_SEND traced: " + lines);
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("[" + erl + "]") && l.contains(" -> Send")),
          "no outbound send traced: " + lines);
    }
  }

  @Test
  void tracesNothingWhenSwitchedOff() throws Exception {
    try (JavaNode java = JavaNode.start(host(), COOKIE, "")) {
      assertEquals(Atom.of("traced"), echoThrough(java));
      assertEquals(List.of(), lines());
    }
  }

  @Test
  void erlAcknowledgesOurUnlinkWithUnlinkIdAck() throws Exception {
    try (JavaNode java =
        JavaNode.start(host(), COOKIE, "peerl.distribution.trace-control-messages = on")) {
      ProcessProbe p = ProcessProbe.spawn(java, null, false);
      Pid erl = (Pid) erlang.node().eval("spawn(fun() -> receive stop -> ok end end)");
      p.ctx().link(erl);
      p.ctx().unlink(erl);
      String prefix = "[" + erlang.node().nodeName() + "]";
      java.testKit
          .createTestProbe()
          .awaitAssert(
              JavaNode.DEADLINE,
              () -> {
                List<String> lines = lines();
                assertTrue(
                    lines.stream()
                        .anyMatch(
                            l ->
                                l.startsWith(prefix)
                                    && l.contains(" -> UnlinkId[")
                                    && l.contains(p.pid().toString())),
                    "no UNLINK_ID sent: " + lines);
                assertTrue(
                    lines.stream()
                        .anyMatch(
                            l ->
                                l.startsWith(prefix)
                                    && l.contains(" <- UnlinkIdAck[")
                                    && l.contains(p.pid().toString())),
                    "no UNLINK_ID_ACK received: " + lines);
                return null;
              });
      erlang.node().eval("P ! stop", Map.of("P", erl));
    }
  }

  private static Term echoThrough(JavaNode java) {
    java.echo("trace_echo");
    return erlang
        .node()
        .eval(
            "{trace_echo, Java} ! {self(), traced}, receive R -> R after 5000 -> timeout end",
            Map.of("Java", java.name()));
  }

  private List<String> lines() {
    // The appender adds under its own lock, from the node's threads.
    synchronized (captured) {
      return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static String host() {
    return JavaNode.hostOf(erlang.node().nodeName());
  }
}
