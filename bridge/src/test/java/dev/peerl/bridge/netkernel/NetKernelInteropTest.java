package dev.peerl.bridge.netkernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code net_adm:ping} from real erl nodes, and what else erl may send to net_kernel. */
class NetKernelInteropTest {
  private static final String COOKIE = "peerl_net_kernel_cookie";
  private static final Atom PONG = Atom.of("pong");

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static BridgeTestNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
    java.bridge();
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("Java", java.name()));
  }

  @Test
  void answersPingFromAFreshErlNodeWithPong() {
    try (ErlangTestNode fresh = ErlangTestNode.builder().cookie(COOKIE).start()) {
      Term result =
          fresh.eval(
              "{lists:member(Java, nodes(hidden)), net_adm:ping(Java),"
                  + " lists:member(Java, nodes(hidden))}",
              Map.of("Java", java.name()));
      assertEquals(dev.peerl.codec.Tuple.of(Atom.FALSE, PONG, Atom.TRUE), result);
    }
  }

  @Test
  void leavesOtherCallsUnansweredAsOtpDoesAndStillAnswersPing() {
    assertEquals(
        Atom.of("timeout"),
        eval(
            "try gen_server:call({net_kernel, Java}, {connect, normal, nowhere@nohost}, 300)"
                + " catch exit:{timeout, _} -> timeout end"));
    assertEquals(PONG, eval("gen_server:cast({net_kernel, Java}, whatever), net_adm:ping(Java)"));
    assertEquals(PONG, eval("{net_kernel, Java} ! {stray, message}, net_adm:ping(Java)"));
  }

  @Test
  void answersPangWhenNetKernelIsTurnedOff() throws Exception {
    try (BridgeTestNode without =
        BridgeTestNode.start(
            BridgeTestNode.hostOf(erlang.node().nodeName()),
            COOKIE,
            "peerl.bridge.net-kernel = off")) {
      without.bridge();
      assertEquals(
          Atom.of("pang"),
          erlang.node().eval("net_adm:ping(Java)", Map.of("Java", without.name())));
    }
  }
}
