package dev.peerl.testkit;

/**
 * Erlang source for the terms that interop tests send through Java and expect back unchanged, so
 * that every round trip test covers the same ground.
 *
 * <pre>{@code
 * Term changed =
 *     erlang.eval(
 *         "[{T, R} || T <- " + TermSamples.EVERY_KIND + ","
 *             + " R <- [gen_server:call({echo, Java}, T, 5000)], R =/= T]",
 *         Map.of("Java", javaNode));
 * assertEquals(ErlList.NIL, changed);
 * }</pre>
 */
public final class TermSamples {
  /**
   * An Erlang expression whose value is a list with a term of every kind the external term format
   * tells apart, and their edge values: small, 32-bit and big integers of both signs, floats
   * ({@code -0.0}, the largest and the smallest subnormal), empty and non-empty binaries and bit
   * strings, UTF-8 text, strings, proper and improper lists, empty containers, nested tuples, maps
   * (empty, with non-atom keys), the evaluating node's own pid, reference and port, a closure with
   * a free variable, an external fun, Unicode and empty atoms, a 300-element tuple and a
   * 1000-element list. It binds no variables; evaluate it on the node that sends the terms.
   */
  public static final String EVERY_KIND =
      "[0, 1, -1, 255, 256, 134217727, -134217728, 1 bsl 40, -(1 bsl 64),"
          + " 1 bsl 1000, 3.14, -0.0, 1.0e300, 5.0e-324, <<>>, <<1, 2, 3>>,"
          + " <<\"日本語\"/utf8>>, <<1:3>>, <<255, 7:5>>, [], \"text\", [1, 2 | 3],"
          + " [a | b], [[]], {}, {a, {b, [c]}}, #{}, #{a => 1, <<\"k\">> => [1, 2],"
          + " 1.5 => {x}, #{} => []}, self(), make_ref(), hd(erlang:ports()),"
          + " (fun(Free) -> fun() -> Free end end)(captured), fun erlang:abs/1,"
          + " 'ünïcødé_атом_😀', '', true, list_to_tuple(lists:seq(1, 300)), lists:seq(1, 1000)]";

  private TermSamples() {}
}
