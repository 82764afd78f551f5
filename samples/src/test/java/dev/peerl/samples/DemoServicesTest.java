package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ElixirScript;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import dev.peerl.testkit.TermSamples;
import java.time.Duration;
import java.util.List;
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

  /** The erl node's host: the short host name, as Elixir's and erl's {@code -sname}. */
  private static String host() {
    return erlang.node().nodeName().substring(erlang.node().nodeName().indexOf('@') + 1);
  }

  @BeforeAll
  static void startDemo() throws Exception {
    demo =
        DemoNode.start(
            new DemoOptions(
                "demo_services_" + ProcessHandle.current().pid() + "@" + host(),
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
  void echoRepliesEveryKindOfTermUnchanged() {
    // The terms that came back different, with what came back.
    assertEquals(
        ErlList.NIL,
        eval(
            "[{T, R} || T <- "
                + TermSamples.EVERY_KIND
                + ", R <- [gen_server:call({echo, Demo}, T, 5000)], R =/= T]"));
  }

  @Test
  void echoAnswersCastsAndMessages() {
    assertEquals(
        Tuple.of(Atom.of("by_cast"), Atom.of("by_message")),
        eval(
            "gen_server:cast({echo, Demo}, {reply_to, self(), by_cast}),"
                + " A = receive X -> X after 5000 -> timeout end,"
                + " {echo, Demo} ! {self(), by_message},"
                + " B = receive Y -> Y after 5000 -> timeout end, {A, B}"));
  }

  @Test
  void counterGivesEachOfManyConcurrentCallersItsOwnTotal() {
    // 100 processes make 100 calls {add, 1} each: the 10,000 replies are exactly Before + 1 ..
    // Before + 10,000, each once, and each caller sees its own totals grow.
    Term result =
        erlang
            .node()
            .eval(
                "Before = gen_server:call({counter, Demo}, get), Self = self(),"
                    + " Pids = [spawn(fun() -> Self ! {self(), [gen_server:call({counter, Demo},"
                    + " {add, 1}, 10000) || _ <- lists:seq(1, 100)]} end)"
                    + " || _ <- lists:seq(1, 100)],"
                    + " PerCaller = [receive {P, Rs} -> Rs after 20000 -> [] end || P <- Pids],"
                    + " All = lists:sort(lists:append(PerCaller)),"
                    + " {length(All), All =:= lists:seq(Before + 1, Before + 10000),"
                    + " lists:all(fun(Rs) -> Rs =:= lists:sort(Rs) end, PerCaller),"
                    + " gen_server:call({counter, Demo}, get) - Before}",
                Map.of("Demo", demo.node().nodeName()),
                Duration.ofSeconds(30));
    assertEquals(Tuple.of(Int.of(10_000), Atom.TRUE, Atom.TRUE, Int.of(10_000)), result);
  }

  @Test
  void counterAddsBignumsExactly() {
    Term result =
        eval(
            "Before = gen_server:call({counter, Demo}, get),"
                + " Big = gen_server:call({counter, Demo}, {add, 1 bsl 100}),"
                + " Got = gen_server:call({counter, Demo}, get),"
                + " Back = gen_server:call({counter, Demo}, {add, -(1 bsl 100)}),"
                + " {Big - Before, Got =:= Big, Back =:= Before}");
    assertEquals(Tuple.of(eval("1 bsl 100"), Atom.TRUE, Atom.TRUE), result);
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
  void aLinkedWorkerDiesWithNoconnectionWhenItsPartnersNodeGoesDown() {
    try (ErlangTestNode remote = ErlangTestNode.builder().cookie(COOKIE).start()) {
      Term why =
          erlang
              .node()
              .eval(
                  "P = spawn(Remote, fun() -> receive stop -> ok end end),"
                      + " {ok, W} = gen_server:call({linker, Demo}, {spawn_linked, P}),"
                      // The LINK went to Remote on its own connection: wait until it is there.
                      + " Linked = (fun Await(0) -> not_linked;"
                      + " Await(N) -> case rpc:call(Remote, erlang, process_info, [P, links]) of"
                      + " {links, [W]} -> linked;"
                      + " _ -> receive after 10 -> Await(N - 1) end end end)(1000),"
                      + " M = monitor(process, W),"
                      + " spawn(Remote, erlang, halt, []),"
                      + " {Linked, receive {'DOWN', M, process, W, Why} -> Why"
                      + " after 10000 -> timeout end}",
                  Map.of("Demo", demo.node().nodeName(), "Remote", remote.nodeAtom()),
                  Duration.ofSeconds(30));
      assertEquals(Tuple.of(Atom.of("linked"), Atom.of("noconnection")), why);
    }
  }

  @Test
  void aLinkedWorkerOutlivesAPartnerThatExitsNormally() {
    Term why =
        eval(
            "P = spawn(fun() -> receive stop -> ok end end),"
                + " {ok, W} = gen_server:call({linker, Demo}, {spawn_linked, P}),"
                + " PM = monitor(process, P), P ! stop,"
                + " normal = receive {'DOWN', PM, process, P, R} -> R after 5000 -> timeout end,"
                // A round trip on the connection P's exit signal took, then W is asked to exit:
                // had the normal exit killed it, the monitor would say noproc.
                + " sync = gen_server:call({echo, Demo}, sync),"
                + " WM = monitor(process, W), W ! {exit, still_alive},"
                + " receive {'DOWN', WM, process, W, Why} -> Why after 5000 -> timeout end");
    assertEquals(Atom.of("still_alive"), why);
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
  void relayAcceptsInfiniteAndVeryLongTimeouts() {
    assertEquals(
        Tuple.of(Atom.OK, Atom.of("hi")),
        eval("gen_server:call({relay, Demo}, {call, {echo, Demo}, hi, infinity})"));
    // Three years: longer than Pekko's scheduler takes, so it waits as infinity does.
    assertEquals(
        Tuple.of(Atom.OK, Atom.of("later")),
        eval("gen_server:call({relay, Demo}, {call, {echo, Demo}, later, 94608000000})"));
    assertEquals(
        ErlList.of(
            Tuple.of(Atom.ERROR, Atom.of("badarg")), Tuple.of(Atom.ERROR, Atom.of("badarg"))),
        eval(
            "[gen_server:call({relay, Demo}, {call, {echo, Demo}, hi, T}) || T <- [-1, forever]]"));
  }

  @Test
  void relayReportsTheExitReasonOfAServerThatStops() {
    assertEquals(
        Tuple.of(Atom.ERROR, Tuple.of(Atom.of("shutdown"), Atom.of("bye"))),
        eval(
            "Stopper = spawn(fun() -> receive {'$gen_call', _, _} -> exit({shutdown, bye}) end"
                + " end),"
                + " gen_server:call({relay, Demo}, {call, Stopper, hello, 60000}, 60000)"));
  }

  @Test
  void relayReportsNodedownForAMissingNodeAtOnce() {
    // A 60 s timeout against the eval's 10 s: only an immediate nodedown answers in time.
    Atom missing = Atom.of("no_such_node@" + host());
    assertEquals(
        Tuple.of(Atom.ERROR, Tuple.of(Atom.of("nodedown"), missing)),
        erlang
            .node()
            .eval(
                "gen_server:call({relay, Demo}, {call, {echo, Missing}, hello, 60000}, 60000)",
                Map.of("Demo", demo.node().nodeName(), "Missing", missing)));
  }

  @Test
  void relayReportsNodedownWhenTheServersNodeGoesDownDuringTheCall() {
    try (ErlangTestNode remote = ErlangTestNode.builder().cookie(COOKIE).start()) {
      Term result =
          erlang
              .node()
              .eval(
                  "Self = self(),"
                      + " Silent = spawn(Remote, fun() -> receive {'$gen_call', _, _} ->"
                      + " Self ! {called, self()}, receive after infinity -> ok end end end),"
                      + " spawn(fun() -> Self ! {relayed, gen_server:call({relay, Demo},"
                      + " {call, Silent, hello, infinity}, 20000)} end),"
                      + " receive {called, Silent} -> ok after 10000 -> error(not_called) end,"
                      + " spawn(Remote, erlang, halt, []),"
                      + " receive {relayed, R} -> R after 10000 -> timeout end",
                  Map.of("Demo", demo.node().nodeName(), "Remote", remote.nodeAtom()),
                  Duration.ofSeconds(30));
      assertEquals(Tuple.of(Atom.ERROR, Tuple.of(Atom.of("nodedown"), remote.nodeAtom())), result);
    }
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

  @Test
  void sinkCountsOnlyMsgTuples() {
    // Two {msg, _} among other messages do not complete a count of 3: the done that arrives is the
    // one of the start with N = 0 sent last (the sink's messages to us keep their order).
    assertEquals(
        Int.of(1),
        eval(
            "Junk = [msg, {msg}, {msg, a, b}, {other, x}, [msg, x], <<\"msg\">>],"
                + " {sink, Demo} ! {start, self(), 3},"
                + " [{sink, Demo} ! J || J <- Junk], [{sink, Demo} ! {msg, I} || I <- [1, 2]],"
                + " [{sink, Demo} ! J || J <- Junk],"
                + " {sink, Demo} ! {start, self(), 0},"
                + " receive {done, _} -> ok after 10000 -> error(no_done) end,"
                + " Extra = fun Count(N) -> receive {done, _} -> Count(N + 1) after 0 -> N end end,"
                + " 1 + Extra(0)"));
    // Junk between them does not disturb a count either.
    assertEquals(
        Atom.of("done"),
        eval(
            "{sink, Demo} ! {start, self(), 3},"
                + " [{sink, Demo} ! M || M <- [{msg, 1}, junk, {msg, 2}, {msg}, {msg, 3}]],"
                + " receive {done, _} -> done after 10000 -> timeout end"));
  }

  @Test
  void answersElixir() {
    ElixirScript.Result result =
        ElixirScript.run(
            COOKIE,
            "node = :\""
                + demo.node().nodeName().name()
                + "\"\n"
                + """
                IO.puts(Node.ping(node))
                term = {:echo, [1, -1.5, "binary", <<1::3>>, %{a: [b: :c]}, Integer.pow(2, 100),
                        self(), make_ref(), fn -> node end, ~c"chars", {}, %{}]}
                IO.puts(GenServer.call({:echo, node}, term) === term)
                before = GenServer.call({:counter, node}, :get)
                IO.puts(GenServer.call({:counter, node}, {:add, 5}) - before)
                IO.puts(GenServer.call({:counter, node}, :get) - before)
                GenServer.cast({:echo, node}, {:reply_to, self(), :cast_back})
                receive do x -> IO.inspect(x) after 5000 -> exit(:no_cast) end
                IO.inspect(GenServer.call({:relay, node}, {:call, {:echo, node}, :relayed, 5000}))
                IO.inspect(GenServer.call({:relay, node}, {:call, {:nobody, node}, :hi, 60_000}))
                """,
            Duration.ofSeconds(30));
    assertEquals(0, result.exitCode(), result::toString);
    assertEquals(
        List.of("pong", "true", "5", "5", ":cast_back", "{:ok, :relayed}", "{:error, :noproc}"),
        result.lines(),
        result::toString);
  }
}
