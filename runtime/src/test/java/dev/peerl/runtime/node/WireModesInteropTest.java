package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Term;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each of the four wire formats a connection can have, chosen by whether this node offers the atom
 * cache and fragments ({@code peerl.distribution.atom-cache} and {@code fragments}), against a real
 * erl, both ways: erl's frames start with {@code 112} with neither, and with a distribution header
 * ({@code 131, 68} or {@code 131, 69/70}) with either, also with fragments alone, where the header
 * lists no atoms. Each way goes a small message with atoms and a 1 MiB binary, cut into 64 KiB
 * fragments exactly when fragments are negotiated.
 */
class WireModesInteropTest {
  private static final String COOKIE = "peerl_wire_modes_cookie";
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final int MIB = 1 << 20;

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @ParameterizedTest(name = "atom-cache = {0}, fragments = {1}")
  @CsvSource({"on, on", "off, on", "on, off", "off, off"})
  void messagesGoBothWaysInEachWireFormat(String atomCache, String fragments) throws Exception {
    try (JavaNode java =
        JavaNode.start(
            JavaNode.hostOf(erlang.node().nodeName()),
            COOKIE,
            "peerl.distribution { atom-cache = "
                + atomCache
                + ", fragments = "
                + fragments
                + " }")) {
      java.echo("echo");
      Map<String, Term> bindings = Map.of("Java", java.name());
      erlang.node().eval("true = net_kernel:connect_node(Java)", bindings, LONG);

      long chosen = java.chosenFlags(erlang.node().nodeName());
      boolean cache = atomCache.equals("on");
      boolean cut = fragments.equals("on");
      assertEquals(cache, (chosen & DistFlags.DFLAG_DIST_HDR_ATOM_CACHE) != 0);
      assertEquals(cut, (chosen & DistFlags.DFLAG_FRAGMENTS) != 0);

      ConnectionStats before = java.node.connectionStats(erlang.node().nodeAtom()).orElseThrow();
      Term result =
          erlang
              .node()
              .eval(
                  "Big = binary:copy(<<\"0123456789abcdef\">>, "
                      + MIB / 16
                      + "),"
                      + "Small = {small, 'ünïcödé', [a, b, c], self()},"
                      + "[begin {echo, Java} ! {self(), M},"
                      + "  receive R -> R =:= M after 20000 -> timeout end end"
                      + "  || M <- [Small, {big, Big}, Small]]",
                  bindings,
                  LONG);
      assertEquals(
          ErlList.of(Atom.TRUE, Atom.TRUE, Atom.TRUE),
          result,
          "echoes with atom-cache = " + atomCache + ", fragments = " + fragments);
      ConnectionStats after = java.node.connectionStats(erlang.node().nodeAtom()).orElseThrow();

      // 1 MiB in 64 KiB fragments: 16 frames or more each way; whole, a single frame each way.
      long framesIn = after.framesIn() - before.framesIn();
      long framesOut = after.framesOut() - before.framesOut();
      String frames = before + " -> " + after;
      if (cut) {
        assertTrue(framesIn >= 16 + 2 && framesOut >= 16 + 2, frames);
      } else {
        assertTrue(framesIn >= 3 && framesIn < 16 && framesOut >= 3 && framesOut < 16, frames);
      }
    }
  }
}
