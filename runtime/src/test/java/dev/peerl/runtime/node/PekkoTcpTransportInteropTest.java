package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code peerl.distribution.transport = pekko-tcp}, the alternative to the default sockets, against
 * a real erl node: erl dials the Java node and Java dials erl, messages go both ways, and a
 * disconnect is a nodedown on both sides.
 */
class PekkoTcpTransportInteropTest {
  private static final String COOKIE = "peerl_pekko_tcp_cookie";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static JavaNode start() throws Exception {
    return JavaNode.start(
        JavaNode.hostOf(erlang.node().nodeName()),
        COOKIE,
        "peerl.distribution.transport = pekko-tcp");
  }

  @Test
  void erlDialsAndCallsAJavaProcess() throws Exception {
    try (JavaNode java = start()) {
      java.echo("echo");
      Term reply =
          erlang
              .node()
              .eval(
                  "{echo, J} ! {self(), {hello, <<0:80000>>}}, receive R -> R after 10000 -> timeout end",
                  Map.of("J", java.name()));
      assertEquals(erlang.node().eval("{hello, <<0:80000>>}", Map.of()), reply);
    }
  }

  @Test
  void javaDialsErlAndTheDisconnectIsSeenOnBothSides() throws Exception {
    try (JavaNode java = start()) {
      TestProbe<ProcessMessage> inbox = TestProbe.create(java.testKit.system());
      ProcessRef me =
          java.node.spawn(
              ctx ->
                  Behaviors.receive(ProcessMessage.class)
                      .onAnyMessage(
                          m -> {
                            inbox.getRef().tell(m);
                            return Behaviors.same();
                          })
                      .build());
      Pid erlEcho =
          (Pid)
              erlang
                  .node()
                  .eval(
                      "spawn(fun() -> receive {From, M} -> From ! {echoed, M} end end)", Map.of());
      java.node.send(
          me.pid(), erlEcho, dev.peerl.codec.Tuple.of(me.pid(), Atom.of("over_pekko_tcp")));
      ProcessMessage.Message echoed =
          inbox.expectMessageClass(ProcessMessage.Message.class, JavaNode.DEADLINE);
      assertEquals(
          dev.peerl.codec.Tuple.of(Atom.of("echoed"), Atom.of("over_pekko_tcp")), echoed.body());
      java.node
          .disconnect(erlang.node().nodeAtom())
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      java.assertGoneFrom(erlang.node());
    }
  }
}
