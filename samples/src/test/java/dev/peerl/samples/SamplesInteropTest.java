package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.samples.chat.ChatRoom;
import dev.peerl.samples.kv.KeyValue;
import dev.peerl.samples.pingpong.PingPong;
import dev.peerl.samples.shop.Shop;
import dev.peerl.testkit.ElixirScript;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each sample as {@code scripts/sample.sh} runs it: the sample's Java node, and its Erlang side
 * ({@code src/main/erlang}) on a real erl node, or its Elixir script on a real elixir node.
 */
class SamplesInteropTest {
  private static final String COOKIE = "peerl_samples_cookie";
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compile(Path.of("src/main/erlang"))));

  /** A sample's Java node on the erl node's host, with the machine's epmd. */
  private static SampleNode javaNode() throws Exception {
    String erlNode = erlang.node().nodeName();
    String host = erlNode.substring(erlNode.indexOf('@') + 1);
    return SampleNode.start(
        new DemoOptions(
            "sample_" + NAMES.incrementAndGet() + "@" + host, COOKIE, OptionalInt.empty()));
  }

  private static Term run(String module, SampleNode java) {
    // The Erlang sides wait up to 10 s for each step themselves.
    return erlang
        .node()
        .eval(module + ":run(J)", Map.of("J", java.node().nodeName()), Duration.ofSeconds(30));
  }

  private static Atom atom(String name) {
    return Atom.of(name);
  }

  @Test
  void pingPongRunsBothWays() throws Exception {
    try (SampleNode java = javaNode()) {
      PingPong.start(java.node());
      List<Term> pongs =
          List.of(1, 2, 3).stream().map(n -> (Term) Tuple.of(atom("pong"), Int.of(n))).toList();
      assertEquals(
          Tuple.of(ErlList.of(pongs), Tuple.of(atom("played"), Int.of(3))), run("ping_pong", java));
    }
  }

  @Test
  void keyValueServerAnswersErl() throws Exception {
    try (SampleNode java = javaNode()) {
      java.node().spawn(KeyValue.NAME, KeyValue.behavior());
      assertEquals(ErlList.of(atom("erlang")), run("kv_client", java));
    }
  }

  @Test
  void keyValueServerAnswersElixir() throws Exception {
    try (SampleNode java = javaNode()) {
      java.node().spawn(KeyValue.NAME, KeyValue.behavior());
      List<String> printed =
          elixir(Path.of("src/main/elixir/kv_client.exs"), java.node().nodeName().name());
      assertEquals(
          List.of("elixir got \"calls from iex\"", "keys: [:elixir]"), printed, printed::toString);
    }
  }

  @Test
  void shopCallsAnErlangGenServerAndRpcBothWays() throws Exception {
    try (SampleNode java = javaNode()) {
      Shop.register(java.bridge());
      // 3 apples topped up to 10, 5 pears: 15 in all.
      assertEquals(
          Tuple.of(
              Tuple.of(atom("apples"), Int.of(120)),
              Tuple.of(atom("restocked"), Int.of(3), Int.of(10), Int.of(15))),
          run("shop", java));
    }
  }

  @Test
  void chatRoomSpansErlangAndJavaMembers() throws Exception {
    try (SampleNode java = javaNode()) {
      ChatRoom.join(java.bridge(), java.system());
      Atom erlNode = erlang.node().nodeAtom();
      List<Atom> nodes = List.of(erlNode, java.node().nodeName());
      assertEquals(
          Tuple.of(
              ErlList.of(nodes.stream().sorted(SamplesInteropTest::byName).toList()),
              Binary.of("hello, ann!")),
          run("chat", java));
    }
  }

  private static int byName(Atom a, Atom b) {
    return a.name().compareTo(b.name());
  }

  /** Runs an Elixir script as a distributed node with the samples' cookie; its printed lines. */
  private static List<String> elixir(Path script, String... args) {
    ElixirScript.Result result =
        ElixirScript.runFile(COOKIE, script, List.of(args), Duration.ofSeconds(30));
    assertEquals(0, result.exitCode(), result::toString);
    return result.lines();
  }
}
