package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged demo, {@code java -jar samples/target/peerl-demo.jar}, started as the README starts
 * it and reached by a real erl. It runs after {@code package} built the jar: the {@code demo-jar}
 * execution of {@code samples/pom.xml} runs it in the {@code integration-test} phase of {@code mvn
 * verify} (alone: {@code mvn -o -pl samples -am verify -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class DemoJarIT {
  private static final Path JAR = Path.of("target", "peerl-demo.jar");
  private static final String COOKIE = "peerl_demo_jar";
  private static final Duration START = Duration.ofSeconds(60);
  private static final String NAME = "demo_jar_" + ProcessHandle.current().pid();

  private static int epmdPort;
  private static DemoProcess demo;
  private static List<String> printed;
  private static ErlangTestNode erl;

  @BeforeAll
  static void startDemoThenErl() throws Exception {
    epmdPort = freePort();
    demo = startDemo(NAME);
    printed = demo.awaitLine("ready", START);
    // The demo started its own EPMD on epmdPort; the erl node registers there too.
    erl =
        ErlangTestNode.builder()
            .cookie(COOKIE)
            .env("ERL_EPMD_PORT", Integer.toString(epmdPort))
            .start();
  }

  @AfterAll
  static void stopBoth() throws IOException {
    try {
      if (erl != null) {
        erl.close();
      }
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  /** The demo's node: a short {@code --name} takes the short host name, as {@code erl -sname}. */
  private static Atom demoNode() {
    return Atom.of(NAME + "@" + erl.nodeName().substring(erl.nodeName().indexOf('@') + 1));
  }

  private static Term eval(String expression) {
    return erl.eval(expression, Map.of("Demo", demoNode()));
  }

  @Test
  void printsReadyThenAnswersPingEchoAndCounterFromARealErl() throws Exception {
    assertEquals("ready", printed.get(0), demo::output);
    String named = "Peerl demo node " + demoNode().name() + " ";
    demo.awaitLine(line -> line.startsWith(named), "\"" + named + "...\"", START);
    assertEquals(Atom.of("pong"), eval("net_adm:ping(Demo)"), demo::output);
    assertEquals(
        Atom.TRUE,
        eval(
            "T = {hello, [1, 2.5, <<\"bin\">>, 1 bsl 100, self(), make_ref()], #{k => v}},"
                + " gen_server:call({echo, Demo}, T) =:= T"));
    Term before = eval("gen_server:call({counter, Demo}, get)");
    assertEquals(
        Tuple.of(Int.of(5), Int.of(7)),
        eval(
            "B = gen_server:call({counter, Demo}, get),"
                + " {gen_server:call({counter, Demo}, {add, 5}) - B,"
                + " gen_server:call({counter, Demo}, {add, 2}) - B}"));
    assertEquals(Int.of(((Int) before).value() + 7), eval("gen_server:call({counter, Demo}, get)"));
  }

  @Test
  void exitsWithStatus2AndTheUsageForBadArguments() throws Exception {
    try (DemoProcess bad = DemoProcess.start(JAR, "--name", "demo_bad_args")) {
      assertEquals(2, bad.awaitExit(START), bad::output);
      String stderr = bad.stderr();
      assertTrue(stderr.contains("--cookie is required"), bad::output);
      assertTrue(stderr.contains(DemoOptions.USAGE), bad::output);
      assertFalse(bad.stdout().contains("ready"), bad::output);
    }
  }

  @Test
  void exitsWithStatus1WhenItsNameIsTakenAndLeavesTheFirstNodeServing() throws Exception {
    try (DemoProcess second = startDemo(NAME)) {
      assertEquals(1, second.awaitExit(START), second::output);
      assertTrue(
          second.stderr().contains("The demo node did not start")
              && second.stderr().contains("is the name already in use?"),
          second::output);
      assertFalse(second.stdout().contains("ready"), second::output);
    }
    assertEquals(
        Atom.of("still_here"), eval("gen_server:call({echo, Demo}, still_here)"), demo::output);
  }

  @Test
  void stoppingTheJvmGivesErlNoconnectionForEveryLinkAndMonitor() throws Exception {
    String name = NAME + "_stopped";
    try (DemoProcess stopped = startDemo(name)) {
      stopped.awaitLine("ready", START);
      Atom node = Atom.of(name + "@" + demoNode().name().substring(NAME.length() + 1));
      // A process of erl's links to a Java worker and monitors it by pid and the echo server by
      // name, then waits for what the JVM's stop brings.
      assertEquals(
          Atom.of("watching"),
          erl.eval(
              "Parent = self(),"
                  + " P = spawn(fun() ->"
                  + "   process_flag(trap_exit, true),"
                  + "   {ok, W} = gen_server:call({linker, Node}, {spawn_linked, self()}),"
                  + "   MW = erlang:monitor(process, W),"
                  + "   ME = erlang:monitor(process, {echo, Node}),"
                  + "   Parent ! watching,"
                  + "   Got = [receive {'EXIT', W, R1} -> {exit, R1} after 30000 -> no_exit end,"
                  + "          receive {'DOWN', MW, process, W, R2} -> {down_pid, R2}"
                  + "            after 30000 -> no_down end,"
                  + "          receive {'DOWN', ME, process, {echo, Node}, R3} -> {down_name, R3}"
                  + "            after 30000 -> no_down end],"
                  + "   receive {get, From} -> From ! {got, Got} end"
                  + " end),"
                  + " register(jvm_stop_watch, P),"
                  + " receive watching -> watching after 30000 -> timeout end",
              Map.of("Node", node)));
      stopped.terminate();
      stopped.awaitExit(START);
      assertEquals(
          ErlList.of(
              Tuple.of(Atom.of("exit"), Atom.of("noconnection")),
              Tuple.of(Atom.of("down_pid"), Atom.of("noconnection")),
              Tuple.of(Atom.of("down_name"), Atom.of("noconnection"))),
          erl.eval(
              "jvm_stop_watch ! {get, self()}, receive {got, Got} -> Got after 60000 -> timeout"
                  + " end"),
          stopped::output);
    }
  }

  private static DemoProcess startDemo(String name) throws IOException {
    return DemoProcess.start(
        JAR, "--name", name, "--cookie", COOKIE, "--epmd-port", Integer.toString(epmdPort));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
