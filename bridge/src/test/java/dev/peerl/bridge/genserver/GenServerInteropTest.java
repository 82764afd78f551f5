package dev.peerl.bridge.genserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import dev.peerl.testkit.TermSamples;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java gen_servers called by a real erl node: gen_server:call, cast, !, by name and by pid. */
class GenServerInteropTest {
  private static final String COOKIE = "peerl_gen_server_cookie";
  private static final AtomicLong NAMES = new AtomicLong();

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_gs_test")));

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

  /** A fresh probe server (see {@link TestServers#probe()}) registered under a new name. */
  private static Atom probe() {
    Atom name = Atom.of("probe_" + NAMES.incrementAndGet());
    java.node().spawn(name, TestServers.probe());
    return name;
  }

  private static Term eval(String expression, Object... bindings) {
    Map<String, Term> map = new HashMap<>();
    map.put("Java", java.name());
    for (int i = 0; i < bindings.length; i += 2) {
      map.put((String) bindings[i], (Term) bindings[i + 1]);
    }
    return erlang.node().eval(expression, map);
  }

  private static Term ok(Term reply) {
    return Tuple.of(Atom.OK, reply);
  }

  @Test
  void repliesToGenServerCallByName() {
    Atom name = probe();
    assertEquals(
        ok(Atom.of("pong")),
        eval("peerl_gs_test:call({Name, Java}, {echo, pong}, 5000)", "Name", name));
  }

  @Test
  void roundTripsEveryKindOfTermUnchanged() {
    Atom name = probe();
    // Each term goes to the Java server and back; the list holds those that changed.
    Term changed =
        eval("peerl_gs_test:echo_all({Name, Java}, " + TermSamples.EVERY_KIND + ")", "Name", name);
    assertEquals(ErlList.NIL, changed);
  }

  @Test
  void repliesToCallByPid() {
    Pid pid = java.node().spawn(TestServers.probe()).pid();
    assertEquals(ok(Int.of(7)), eval("peerl_gs_test:call(Pid, {add, 7}, 5000)", "Pid", pid));
  }

  @Test
  void repliesToBothTagForms() {
    // OTP 24+ callers tag with [alias|Mref] (gen:call); older ones, and hand-written callers,
    // with a plain reference. The reply is {Tag, Reply} either way.
    Atom name = probe();
    assertEquals(
        Tuple.of(Int.of(2), Int.of(5)),
        eval(
            "Ref = make_ref(),"
                + " {Name, Java} ! {'$gen_call', {self(), Ref}, {add, 2}},"
                + " A = receive {Ref, R1} -> R1 after 5000 -> timeout end,"
                + " Mref = monitor(process, {Name, Java}, [{alias, demonitor}]),"
                + " {Name, Java} ! {'$gen_call', {self(), [alias | Mref]}, {add, 3}},"
                + " B = receive {[alias | Mref], R2} -> R2 after 5000 -> timeout end,"
                + " demonitor(Mref, [flush]),"
                + " {A, B}",
            "Name",
            name));
  }

  @Test
  void handlesCastsAndPlainMessages() {
    Atom name = probe();
    assertEquals(
        Tuple.of(Atom.of("cast"), Atom.of("plain")),
        eval(
            "ok = gen_server:cast({Name, Java}, {notify, self(), cast}),"
                + " A = receive X -> X after 5000 -> timeout end,"
                + " {Name, Java} ! {self(), plain},"
                + " B = receive Y -> Y after 5000 -> timeout end,"
                + " {A, B}",
            "Name",
            name));
  }

  @Test
  void repliesLaterThroughFromWhenAnotherMessageArrives() {
    Atom name = probe();
    Term replies =
        eval(
            "Self = self(),"
                + " [spawn(fun() -> Self ! {I, peerl_gs_test:call({Name, Java}, {later, I},"
                + " 5000)} end) || I <- [1, 2]],"
                + " ok = peerl_gs_test:await_reply({Name, Java}, waiting, 2),"
                + " gen_server:cast({Name, Java}, release),"
                + " lists:sort([receive {I, R} -> {I, R} after 6000 -> timeout end"
                + " || I <- [1, 2]])",
            "Name",
            name);
    assertEquals(
        ErlList.of(Tuple.of(Int.of(1), ok(Int.of(1))), Tuple.of(Int.of(2), ok(Int.of(2)))),
        replies);
  }

  @Test
  void treatsMalformedCallsAsOrdinaryMessagesAndCarriesOn() {
    Atom name = probe();
    assertEquals(
        ok(Atom.of("still_here")),
        eval(
            "{Name, Java} ! {'$gen_call', not_a_from, x},"
                + " {Name, Java} ! {'$gen_call', {self()}, x},"
                + " {Name, Java} ! {'$gen_cast'}, {Name, Java} ! '$gen_call',"
                + " peerl_gs_test:call({Name, Java}, {echo, still_here}, 5000)",
            "Name",
            name));
  }

  @Test
  void failsCallsToAMissingNameAtOnceWithNoproc() {
    // A 60 s call timeout against the eval's 10 s: only an immediate noproc answers in time.
    Term result = eval("peerl_gs_test:call({no_such_server, Java}, hello, 60000)");
    assertEquals(Atom.of("exit"), ((Tuple) result).get(0));
    Tuple reason = (Tuple) ((Tuple) result).get(1);
    assertEquals(Atom.of("noproc"), reason.get(0));
  }

  @Test
  void makesTheCallerExitWithTheReasonTheServerStopsWith() {
    Atom name = probe();
    Term result =
        eval("peerl_gs_test:call({Name, Java}, {stop, {shutdown, done}}, 60000)", "Name", name);
    assertEquals(
        Tuple.of(Atom.of("shutdown"), Atom.of("done")), ((Tuple) ((Tuple) result).get(1)).get(0));
    assertEquals(
        Atom.of("undefined"), eval("rpc:call(node(), erlang, whereis, [Name])", "Name", name));
  }

  @Test
  void repliesBeforeStoppingWhenAskedTo() throws InterruptedException {
    Atom name = probe();
    assertEquals(
        ok(Atom.of("bye")),
        eval("peerl_gs_test:call({Name, Java}, {stop_reply, normal, bye}, 5000)", "Name", name));
    // The reply leaves before the process stops (as in OTP): a call in between would watch it
    // stop with `normal`. Once the name is gone, calls fail at once with noproc.
    awaitUnregistered(name);
    Term after = eval("peerl_gs_test:call({Name, Java}, hello, 60000)", "Name", name);
    assertEquals(Atom.of("noproc"), ((Tuple) ((Tuple) after).get(1)).get(0));
  }

  private static void awaitUnregistered(Atom name) throws InterruptedException {
    long deadline = System.nanoTime() + BridgeTestNode.DEADLINE.toNanos();
    while (java.node().whereis(name).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " still registered after " + BridgeTestNode.DEADLINE);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void makesPendingCallersExitWithTheCrashReason() {
    Atom name = probe();
    Term result =
        eval(
            "Self = self(),"
                + " spawn(fun() -> Self ! {waiting, peerl_gs_test:call({Name, Java}, {later, x},"
                + " 60000)} end),"
                + " ok = peerl_gs_test:await_reply({Name, Java}, waiting, 1),"
                + " Crash = peerl_gs_test:call({Name, Java}, crash, 60000),"
                + " Waiting = receive {waiting, W} -> W after 5000 -> timeout end,"
                + " {Crash, Waiting}",
            "Name",
            name);
    Term reason = Tuple.of(Atom.of("java.lang.IllegalStateException"), Binary.of("boom"));
    Tuple crash = (Tuple) ((Tuple) result).get(0);
    Tuple waiting = (Tuple) ((Tuple) result).get(1);
    assertEquals(Atom.of("exit"), crash.get(0));
    assertEquals(reason, ((Tuple) crash.get(1)).get(0));
    assertEquals(Atom.of("exit"), waiting.get(0));
    assertEquals(reason, ((Tuple) waiting.get(1)).get(0));
  }

  @Test
  void countsExactlyUnderManyConcurrentCallers() {
    Atom name = probe();
    assertEquals(
        Int.of(10_000), eval("peerl_gs_test:storm({Name, Java}, 100, 100, 10000)", "Name", name));
    assertEquals(
        ok(Int.of(10_000)), eval("peerl_gs_test:call({Name, Java}, {add, 0}, 5000)", "Name", name));
  }

  @Test
  void callsAnErlangServerFromInsideAJavaServer() {
    Atom name = probe();
    eval("peerl_gs_test:start(erl_server)");
    Term erlServer = Tuple.of(Atom.of("erl_server"), erlang.node().nodeAtom());
    Term asked =
        eval(
            "peerl_gs_test:call({Name, Java}, {ask, Erl, {echo, hi}, 5000}, 6000)",
            "Name",
            name,
            "Erl",
            erlServer);
    assertEquals(ok(ok(Atom.of("hi"))), asked);
    Term caller =
        eval(
            "peerl_gs_test:call({Name, Java}, {ask, Erl, caller, 5000}, 6000)",
            "Name",
            name,
            "Erl",
            erlServer);
    // The Erlang server saw the Java server itself as its caller.
    assertEquals(ok(ok(java.node().whereis(name).orElseThrow())), caller);
    Term timedOut =
        eval(
            "peerl_gs_test:call({Name, Java}, {ask, Erl, never, 100}, 6000)",
            "Name",
            name,
            "Erl",
            erlServer);
    assertEquals(ok(Tuple.of(Atom.ERROR, Atom.of("timeout"))), timedOut);
    assertTrue(java.node().whereis(name).isPresent());
  }
}
