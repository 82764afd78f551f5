package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo node's service contract (see README and docs/getting-started.md), from a real erl. */
class DemoServicesTest {
  private static final String COOKIE = "peerl_demo_services";

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static DemoNode demo;

  @BeforeAll
  static void startDemo() throws Exception {
    String host = erlang.node().nodeName().substring(erlang.node().nodeName().indexOf('@') + 1);
    demo =
        DemoNode.start(
            new DemoOptions(
                "demo_services_" + ProcessHandle.current().pid() + "@" + host,
                COOKIE,
                OptionalInt.empty()),
            Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopDemo() {
    demo.stop();
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("Demo", demo.node().nodeName()));
  }

  private static Term eval(ErlangTestNode on, String expression) {
    return on.eval(expression, Map.of("Demo", demo.node().nodeName()));
  }

  @Test
  void echoRepliesCallsUnchangedAndAnswersCastsAndMessages() {
    assertEquals(
        Atom.TRUE,
        eval(
            "T = {[1, -1 bsl 70, 2.5, <<\"b\">>, <<3:2>>, [x | y], #{k => v}, self(),"
                + " make_ref(), fun lists:sum/1, 'атом'], \"text\"},"
                + " gen_server:call({echo, Demo}, T) =:= T"));
    assertEquals(
        Tuple.of(Atom.of("by_cast"), Atom.of("by_message")),
        eval(
            "gen_server:cast({echo, Demo}, {reply_to, self(), by_cast}),"
                + " A = receive X -> X after 5000 -> timeout end,"
                + " {echo, Demo} ! {self(), by_message},"
                + " B = receive Y -> Y after 5000 -> timeout end, {A, B}"));
  }

  @Test
  void counterStaysExactUnderManyConcurrentCallers() {
    Term before = eval("gen_server:call({counter, Demo}, get)");
    eval(
        "Self = self(),"
            + " Pids = [spawn(fun() -> [gen_server:call({counter, Demo}, {add, 1}, 10000)"
            + " || _ <- lists:seq(1, 100)], Self ! {done, self()} end)"
            + " || _ <- lists:seq(1, 100)],"
            + " [receive {done, P} -> ok end || P <- Pids], ok");
    assertEquals(
        Int.of(((Int) before).value() + 10_000), eval("gen_server:call({counter, Demo}, get)"));
  }

  @Test
  void linkerSpawnsAJavaProcessLinkedBothWays() {
    // W exits with the reason it is told: the linked (trapping) erl process sees it.
    Term told =
        eval(
            "process_flag(trap_exit, true),"
                + " {ok, W} = gen_server:call({linker, Demo}, {spawn_linked, self()}),"
                + " W ! {exit, told_to}, R = receive {'EXIT', W, Why} -> Why after 5000 -> timeout"
                + " end, process_flag(trap_exit, false), R");
    assertEquals(Atom.of("told_to"), told);
    // W dies when the erl process it is linked to exits abnormally.
    Term died =
        eval(
            "P = spawn(fun() -> receive die -> exit(crashed) end end),"
                + " {ok, W} = gen_server:call({linker, Demo}, {spawn_linked, P}),"
                + " M = monitor(process, W), P ! die,"
                + " receive {'DOWN', M, process, W, Why} -> Why after 5000 -> timeout end");
    assertEquals(Atom.of("crashed"), died);
  }

  @Test
  void watcherReportsExitsAndNoconnectionWhenAWatchedNodeDies() {
    Term local =
        eval(
            "P = spawn(fun() -> receive go -> exit(gone) end end),"
                + " {ok, Ref} = gen_server:call({watcher, Demo}, {watch, P}), P ! go,"
                + " receive {watched_down, Ref, P, Why} -> Why after 5000 -> timeout end");
    assertEquals(Atom.of("gone"), local);

    try (ErlangTestNode remote = ErlangTestNode.builder().cookie(COOKIE).start()) {
      Term victim = remote.eval("spawn(fun() -> receive after infinity -> ok end end)");
      // The watcher connects to the victim's node itself; the node then halts.
      Term why =
          erlang
              .node()
              .eval(
                  "{ok, Ref} = gen_server:call({watcher, Demo}, {watch, P}),"
                      + " spawn(node(P), erlang, halt, []),"
                      + " receive {watched_down, Ref, P, Why} -> Why after 10000 -> timeout end",
                  Map.of("Demo", demo.node().nodeName(), "P", victim),
                  Duration.ofSeconds(20));
      assertEquals(Atom.of("noconnection"), why);
    }
  }

  @Test
  void relaySendsToPidsAndNames() {
    assertEquals(
        ErlList.of(Atom.of("to_pid"), Atom.of("to_name")),
        eval(
            "register(relay_target, self()),"
                + " ok = gen_server:call({relay, Demo}, {send, self(), to_pid}),"
                + " ok = gen_server:call({relay, Demo}, {send, {relay_target, node()}, to_name}),"
                + " unregister(relay_target),"
                + " [receive X -> X after 5000 -> timeout end || _ <- [1, 2]]"));
  }

  @Test
  void relayCallsErlangAndJavaServersFromJava() {
    // rex is a real Erlang gen_server: {call, M, F, A, GroupLeader}.
    assertEquals(
        Tuple.of(Atom.OK, erlang.node().nodeAtom()),
        eval(
            "gen_server:call({relay, Demo},"
                + " {call, {rex, node()}, {call, erlang, node, [], group_leader()}, 5000})"));
    assertEquals(
        Tuple.of(Atom.OK, Atom.of("hi")),
        eval("gen_server:call({relay, Demo}, {call, {echo, Demo}, hi, 5000})"));
  }

  @Test
  void relayReportsTimeoutsAndMissingServers() {
    assertEquals(
        Tuple.of(Atom.ERROR, Atom.of("timeout")),
        eval(
            "Silent = spawn(fun() -> receive stop -> ok end end),"
                + " R = gen_server:call({relay, Demo}, {call, Silent, hello, 200}),"
                + " Silent ! stop, R"));
    // A 60 s timeout against the eval's 10 s: only an immediate noproc answers in time.
    assertEquals(
        Tuple.of(Atom.ERROR, Atom.of("noproc")),
        eval(
            "gen_server:call({relay, Demo}, {call, {no_such_name, node()}, hello, 60000},"
                + " 60000)"));
  }

  @Test
  void sinkReportsTheTimeForNMessages() {
    Term done =
        eval(
            "{sink, Demo} ! {start, self(), 1000},"
                + " [{sink, Demo} ! {msg, I} || I <- lists:seq(1, 1000)],"
                + " receive {done, Micros} when is_integer(Micros), Micros >= 0 -> done"
                + " after 10000 -> timeout end");
    assertEquals(Atom.of("done"), done);
    // And again: it waits for the next start.
    assertEquals(
        Atom.of("done"),
        eval(
            "{sink, Demo} ! {start, self(), 3}, [{sink, Demo} ! {msg, x} || _ <- [1, 2, 3]],"
                + " receive {done, _} -> done after 10000 -> timeout end"));
  }
}
