package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangTestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The demo node as a user meets it: a real erl pings it and reaches its echo through the embedded
 * EPMD.
 */
class DemoNodeTest {
  private static final String COOKIE = "peerl_demo_test";

  @Test
  void answersEchoFromARealErlThroughItsEmbeddedEpmd() throws Exception {
    int epmdPort = freePort();
    DemoNode demo =
        DemoNode.start(
            new DemoOptions("peerl_demo_test", COOKIE, OptionalInt.of(epmdPort)),
            Duration.ofSeconds(20));
    try (ErlangTestNode erl =
        ErlangTestNode.builder()
            .cookie(COOKIE)
            .env("ERL_EPMD_PORT", Integer.toString(epmdPort))
            .start()) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      demo.printHowToReach(new PrintStream(printed, true, StandardCharsets.UTF_8), COOKIE);
      assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("ready\n"));
      assertEquals(
          Atom.of("pong"), erl.eval("net_adm:ping(Demo)", Map.of("Demo", demo.node().nodeName())));

      Term reply =
          erl.eval(
              "{echo, Demo} ! {self(), {hello, <<\"demo\">>}},"
                  + " receive R -> R after 5000 -> timeout end",
              Map.of("Demo", demo.node().nodeName()));
      assertEquals(Tuple.of(Atom.of("hello"), dev.peerl.codec.Binary.of("demo")), reply);
    } finally {
      demo.stop();
    }
  }

  @Test
  void servesTheDemoRpcModuleToARealErl() throws Exception {
    int epmdPort = freePort();
    DemoNode demo =
        DemoNode.start(
            new DemoOptions("peerl_demo_rpc_test", COOKIE, OptionalInt.of(epmdPort)),
            Duration.ofSeconds(20));
    try (ErlangTestNode erl =
        ErlangTestNode.builder()
            .cookie(COOKIE)
            .env("ERL_EPMD_PORT", Integer.toString(epmdPort))
            .start()) {
      Map<String, Term> demoNode = Map.of("Demo", demo.node().nodeName());
      assertEquals(Int.of(5), erl.eval("rpc:call(Demo, demo, add, [2, 3])", demoNode));
      assertEquals(
          erl.eval("(1 bsl 100) + (1 bsl 64)"),
          erl.eval("rpc:call(Demo, demo, add, [1 bsl 100, 1 bsl 64])", demoNode));
      assertEquals(
          erl.eval("-(1 bsl 70) + 1"),
          erl.eval("erpc:call(Demo, demo, add, [-(1 bsl 70), 1])", demoNode));
      assertEquals(ErlFloat.of(3.5), erl.eval("rpc:call(Demo, demo, add, [1, 2.5])", demoNode));
      assertEquals(
          Tuple.of(Atom.of("echoed"), Int.of(1)),
          erl.eval("rpc:call(Demo, demo, echo, [{echoed, 1}])", demoNode));
      // As Erlang's own +: error:badarith, the stack naming erlang:'+'/2 with the arguments.
      assertEquals(
          erl.eval("{error, badarith, {erlang, '+', [a, 1]}}"),
          erl.eval(
              "try erpc:call(Demo, demo, add, [a, 1]) catch"
                  + " error:{exception, R, [Frame | _]} -> {error, R, erlang:delete_element(4, Frame)}"
                  + " end",
              demoNode));
      assertEquals(
          erl.eval("badarith"),
          erl.eval(
              "{badrpc, {'EXIT', {R, _}}} = rpc:call(Demo, demo, add, [1, <<\"b\">>]), R",
              demoNode));
    } finally {
      demo.stop();
    }
  }

  @Test
  void refusesACommandLineWithoutNameOrCookie() {
    assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--cookie", "c"));
    assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--name", "n"));
    assertThrows(
        IllegalArgumentException.class,
        () -> DemoOptions.parse("--name", "n", "--cookie", "c", "--epmd-port", "99999"));
    assertEquals(
        new DemoOptions("n@h", "c", OptionalInt.of(4370)),
        DemoOptions.parse("--name", "n@h", "--cookie", "c", "--epmd-port", "4370"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
