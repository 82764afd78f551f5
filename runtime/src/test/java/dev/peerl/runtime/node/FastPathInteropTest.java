package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast path against a real erl node, both ways: the atom cache (many atoms, repeated ones, long
 * unicode ones, more distinct atoms than the cache holds) and fragments (8 MiB binaries with small
 * messages between them).
 */
class FastPathInteropTest {
  private static final String COOKIE = "peerl_fast_path_cookie";
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final int MIB_8 = 8 << 20;
  // What erl's binary:copy(list_to_binary(lists:seq(0, 255)), 1024) makes: 256 KiB.
  private static final byte[] BIG = new byte[256 * 1024];

  static {
    for (int i = 0; i < BIG.length; i++) {
      BIG[i] = (byte) i;
    }
  }

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  private static JavaNode java;

  @BeforeAll
  static void startJava() throws Exception {
    // The defaults: a one-way stream of small messages lingers and narrows its window.
    java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "");
    java.echo("echo");
    // {From, Batches, Size}: sends From Batches messages of Size new atoms each, then done.
    java.node.spawn(
        "atoms",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      Tuple request = (Tuple) m.body();
                      Pid from = (Pid) request.get(0);
                      long batches = ((Int) request.get(1)).value();
                      long size = ((Int) request.get(2)).value();
                      for (int b = 0; b < batches; b++) {
                        List<Term> atoms = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                          atoms.add(Atom.of("j_" + b + "_" + i));
                        }
                        ctx.send(from, Tuple.of(Int.of(b), ErlList.of(atoms), longAtom()));
                      }
                      ctx.send(from, Atom.of("done"));
                      return Behaviors.same();
                    })
                .build());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  /** 255 characters of 4 UTF-8 bytes: over 255 bytes, so the header needs two-byte lengths. */
  private static Atom longAtom() {
    return Atom.of("\uD83D\uDE00".repeat(255));
  }

  private static Term eval(String expression) {
    return erlang.node().eval(expression, Map.of("Java", java.name()), LONG);
  }

  @Test
  void negotiatesTheAtomCacheAndFragmentsWithErl() throws Exception {
    eval("true = net_kernel:connect_node(Java)");
    long chosen = java.chosenFlags(erlang.node().nodeName());
    assertEquals(DistFlags.DFLAG_DIST_HDR_ATOM_CACHE, chosen & DistFlags.DFLAG_DIST_HDR_ATOM_CACHE);
    assertEquals(DistFlags.DFLAG_FRAGMENTS, chosen & DistFlags.DFLAG_FRAGMENTS);
  }

  @Test
  void atomsGoBothWaysThroughTheCacheAndComeBackIntact() {
    // 3000 distinct atoms (the cache has 2048 entries), 300 in a message (a header holds 255),
    // each batch twice (the second time cached), and a 255-character unicode atom in each.
    Term result =
        eval(
            "Long = list_to_atom(lists:duplicate(255, 16#1F600)),"
                + "Batches = [[list_to_atom(\"e_\" ++ integer_to_list(B) ++ \"_\" ++"
                + " integer_to_list(I)) || I <- lists:seq(1, 300)] || B <- lists:seq(1, 10)],"
                + "Msgs = [{B, Long, B, ok} || B <- Batches] ++ [{B, Long} || B <- Batches]"
                + " ++ [{Long, Batches}],"
                + "lists:usort([begin {echo, Java} ! {self(), M},"
                + " receive R -> R =:= M after 10000 -> timeout end end || M <- Msgs])");
    assertEquals(ErlList.of(Atom.TRUE), result);
  }

  @Test
  void javaDecodesTheAtomsErlSendsAsTheyAre() throws Exception {
    ProcessProbe probe = ProcessProbe.spawn(java, "fp_probe", false);
    eval(
        "{fp_probe, Java} ! {list_to_atom(lists:duplicate(255, 16#1F600)), 'ünïcödé', plain},"
            + " ok");
    assertEquals(
        new ProcessMessage.Message(Tuple.of(longAtom(), Atom.of("ünïcödé"), Atom.of("plain"))),
        probe.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  @Test
  void erlDecodesManyDistinctAtomsJavaSends() {
    Term result =
        eval(
            "Long = list_to_atom(lists:duplicate(255, 16#1F600)),"
                + "{atoms, Java} ! {self(), 12, 300},"
                + "Check = fun Loop(N) -> receive"
                + "  done -> N;"
                + "  {B, As, L} when L =:= Long ->"
                + "    Expected = [list_to_atom(\"j_\" ++ integer_to_list(B) ++ \"_\" ++"
                + "        integer_to_list(I)) || I <- lists:seq(0, 299)],"
                + "    case As =:= Expected of true -> Loop(N + 1); false -> {bad, B} end"
                + " after 10000 -> timeout end end,"
                + "Check(0)");
    assertEquals(Int.of(12), result);
  }

  @Test
  void largeBinariesGoInFragmentsBothWaysWithSmallMessagesBetween() {
    eval("true = net_kernel:connect_node(Java)");
    ConnectionStats before = java.node.connectionStats(erlang.node().nodeAtom()).orElseThrow();
    Term result =
        eval(
            "Big = binary:copy(list_to_binary(lists:seq(0, 255)), "
                + MIB_8 / 256
                + "),"
                + "Self = self(),"
                + "Small = spawn_link(fun() -> [begin {echo, Java} ! {self(), {small, I}},"
                + "  receive {small, I} -> ok after 10000 -> exit(timeout) end end"
                + "  || I <- lists:seq(1, 200)], Self ! small_done end),"
                + "{echo, Java} ! {self(), {big, Big}},"
                + "{echo, Java} ! {self(), {big2, Big}},"
                + "R1 = receive {big, B1} -> B1 =:= Big after 20000 -> timeout end,"
                + "R2 = receive {big2, B2} -> B2 =:= Big after 20000 -> timeout end,"
                + "R3 = receive small_done -> ok after 20000 -> timeout end,"
                + "{R1, R2, R3}");
    assertEquals(Tuple.of(Atom.TRUE, Atom.TRUE, Atom.of("ok")), result);
    ConnectionStats after = java.node.connectionStats(erlang.node().nodeAtom()).orElseThrow();
    // Two 8 MiB messages each way, in fragments of 64 KiB: at least 128 frames each.
    assertTrue(after.framesIn() - before.framesIn() >= 256, before + " -> " + after);
    assertTrue(after.framesOut() - before.framesOut() >= 256, before + " -> " + after);
  }

  /**
   * A one-way stream of small messages from erl, then large ones, to a node that narrows such
   * streams' windows (small-frames-window, on by default): every message arrives, in order, intact.
   * Whether the socket narrows depends on the timing (a receiver slower than erl reads too far
   * apart to count as a busy stream), so this checks what narrowing must never break, not that it
   * happens. The deadline is long: the buffer-shrinking narrowing of earlier versions made the
   * kernel drop segments, whose retransmission took up to 28 s.
   */
  @Test
  void aOneWayStreamOfSmallThenLargeMessagesArrivesWholeWithNarrowingOn() throws Exception {
    // {n, I} in order, {big, Bin} of 256 KiB, then {done, From}: answers {Count, InOrder, Bigs}.
    long[] tally = new long[3]; // next I expected, messages out of order, large ones intact
    java.node.spawn(
        "tally",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      Tuple message = (Tuple) m.body();
                      Atom tag = (Atom) message.get(0);
                      if (tag.equals(Atom.of("n"))) {
                        long i = ((Int) message.get(1)).value();
                        tally[1] += i == tally[0] + 1 ? 0 : 1;
                        tally[0] = i;
                      } else if (tag.equals(Atom.of("big"))) {
                        Binary big = (Binary) message.get(1);
                        tally[2] += Arrays.equals(big.toByteArray(), BIG) ? 1 : 0;
                      } else {
                        ctx.send(
                            (Pid) message.get(1),
                            Tuple.of(Int.of(tally[0]), Int.of(tally[1]), Int.of(tally[2])));
                      }
                      return Behaviors.same();
                    })
                .build());
    Term result =
        erlang
            .node()
            .eval(
                "Big = binary:copy(list_to_binary(lists:seq(0, 255)), 1024),"
                    + "[{tally, Java} ! {n, I} || I <- lists:seq(1, 300000)],"
                    + "[{tally, Java} ! {big, Big} || _ <- lists:seq(1, 8)],"
                    + "{tally, Java} ! {done, self()},"
                    + "receive R -> R after 110000 -> timeout end",
                Map.of("Java", java.name()),
                Duration.ofSeconds(120));
    assertEquals(Tuple.of(Int.of(300_000), Int.of(0), Int.of(8)), result);
  }
}
