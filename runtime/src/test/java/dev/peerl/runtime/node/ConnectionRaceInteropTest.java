package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangExecutables;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection races with real erl nodes: both sides dialling each other at the same moment, and a
 * node restarted under the same name while the old connection still looks up to us.
 */
class ConnectionRaceInteropTest {
  private static final String COOKIE = "peerl_race_cookie";
  private static final int ROUNDS = 20;
  private static final Atom TRUE = Atom.of("true");

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  /**
   * The larger node name wins a simultaneous connect: a Java node named below the erl node ({@code
   * peerl_a...} before {@code peerl_test...}) gives way, one named above it keeps its own attempt.
   */
  @ParameterizedTest(name = "Java node {0}...")
  @ValueSource(strings = {"peerl_a", "peerl_z"})
  void simultaneousConnectsLeaveExactlyOneConnectionThatCarriesMessagesBothWays(String prefix)
      throws Exception {
    String name =
        prefix + "_" + ThreadLocalRandom.current().nextInt(1 << 30) + "@" + host(erlang.node());
    try (JavaNode java = JavaNode.start(host(erlang.node()), COOKIE, nodeName(name))) {
      java.echo("echo");
      Atom erl = erlang.node().nodeAtom();
      Map<String, Term> bindings = Map.of("J", java.name());
      for (int round = 0; round < ROUNDS; round++) {
        // Both sides dial at the same wall-clock instant.
        long at = System.currentTimeMillis() + 50;
        CompletableFuture<Term> erlDialled =
            CompletableFuture.supplyAsync(
                () ->
                    erlang
                        .node()
                        .eval(
                            "timer:sleep(max(0, At - os:system_time(millisecond))),"
                                + " net_kernel:connect_node(J)",
                            Map.of("At", Int.of(at), "J", java.name())));
        Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
        CompletableFuture<?> javaDialled = java.node.connect(erl).toCompletableFuture();
        assertEquals(TRUE, erlDialled.get(10, TimeUnit.SECONDS));
        javaDialled.get(10, TimeUnit.SECONDS);

        assertEquals(Set.of(erl), java.node.connectedNodes());
        assertEquals(
            Int.of(1),
            erlang
                .node()
                .eval("length([N || {N, _} <- erlang:system_info(dist_ctrl), N =:= J])", bindings));
        Term hello = Tuple.of(Atom.of("round"), Int.of(round));
        assertEquals(
            hello,
            erlang
                .node()
                .eval(
                    "{echo, J} ! {self(), R}, receive M -> M after 10000 -> timeout end",
                    Map.of("J", java.name(), "R", hello)));

        java.node.disconnect(erl).toCompletableFuture().get(10, TimeUnit.SECONDS);
        java.assertGoneFrom(erlang.node());
      }
    }
  }

  /**
   * erl node {@code N} is frozen (SIGSTOP: its socket stays open, so our connection still looks up)
   * and a new node dials us under the same name {@code N}: we answer {@code alive}, it goes on, and
   * its connection replaces the old one: nodedown, then nodeup, then messages flow both ways. The
   * new node uses an EPMD module that registers nowhere, as the frozen node still holds the name in
   * EPMD.
   */
  @Test
  void anErlNodeRestartedUnderTheSameNameReplacesTheConnectionWeStillBelieveUp() throws Exception {
    Path epmdModule = ErlangCompiler.compileResources("peerl_fixed_epmd");
    try (JavaNode java = JavaNode.start(host(erlang.node()), COOKIE, "");
        ErlangTestNode old = ErlangTestNode.builder().cookie(COOKIE).start()) {
      java.echo("echo");
      TestProbe<NodeEvent> events = java.testKit.createTestProbe();
      java.node.monitorNodes(events.getRef());
      assertEquals(TRUE, old.eval("net_kernel:connect_node(J)", Map.of("J", java.name())));
      assertEquals(new NodeUp(old.nodeAtom()), events.receiveMessage(JavaNode.DEADLINE));

      old.signal("STOP");
      Process restarted = null;
      try {
        ProcessBuilder command =
            new ProcessBuilder(
                    List.of(
                        ErlangExecutables.erl().toString(),
                        "-sname",
                        old.nodeName().substring(0, old.nodeName().indexOf('@')),
                        "-setcookie",
                        COOKIE,
                        "-hidden",
                        "-noshell",
                        "-pa",
                        epmdModule.toString(),
                        "-epmd_module",
                        "peerl_fixed_epmd",
                        "-eval",
                        "J = list_to_atom(os:getenv(\"PEERL_JAVA_NODE\")),"
                            + " register(restarted, self()),"
                            + " true = net_kernel:connect_node(J),"
                            + " {echo, J} ! {self(), hello},"
                            + " receive hello -> io:format(\"connected~n\") end,"
                            + " receive {from_java, X} -> io:format(\"got ~p~n\", [X]) end,"
                            + " halt()."))
                .redirectErrorStream(true);
        command.environment().put("PEERL_JAVA_NODE", java.name().name());
        command.environment().put("PEERL_JAVA_PORT", Integer.toString(java.node.port()));
        restarted = command.start();
        BlockingQueue<String> lines = lines(restarted);
        awaitLine(lines, "connected");
        NodeEvent down = events.receiveMessage(JavaNode.DEADLINE);
        assertEquals(old.nodeAtom(), assertInstanceOf(NodeDown.class, down).node());
        assertEquals(new NodeUp(old.nodeAtom()), events.receiveMessage(JavaNode.DEADLINE));
        assertEquals(Set.of(old.nodeAtom()), java.node.connectedNodes());
        java.node.send(
            java.node.whereis(Atom.of("echo")).orElseThrow(),
            Atom.of("restarted"),
            old.nodeAtom(),
            Tuple.of(Atom.of("from_java"), Atom.of("hi")));
        awaitLine(lines, "got hi");
      } finally {
        old.signal("CONT");
        if (restarted != null) {
          restarted.destroyForcibly();
        }
      }
    }
  }

  private static String host(ErlangTestNode node) {
    return JavaNode.hostOf(node.nodeName());
  }

  private static String nodeName(String name) {
    return "peerl.node-name = \"" + name + "\"";
  }

  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
              }
            },
            "restarted-erl-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static void awaitLine(BlockingQueue<String> lines, String expected) throws Exception {
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + JavaNode.DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      if (line.equals(expected)) {
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError(
        "no line \"" + expected + "\" from the restarted node; it said:\n" + seen);
  }
}
