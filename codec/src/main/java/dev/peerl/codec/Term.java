package dev.peerl.codec;

/**
 * An Erlang term: immutable, with {@code equals}/{@code hashCode} that follow Erlang's exact
 * equality ({@code =:=}) and a {@code compareTo} that follows Erlang's term order.
 *
 * <p>The family is closed, so a {@code switch} or an {@code instanceof} chain over it is
 * exhaustive:
 *
 * <pre>
 *   number  : {@link Int} (fits a long), {@link BigInt} (does not), {@link ErlFloat}
 *   atom    : {@link Atom}
 *   ids     : {@link Ref}, {@link Pid}, {@link Port}
 *   funs    : {@link Fun} (local, opaque), {@link ExportFun} (fun M:F/A)
 *   compound: {@link Tuple}, {@link ErlMap}, {@link ErlList} (proper, improper and [])
 *   bits    : {@link Binary} (whole bytes), {@link BitBinary} (a trailing partial byte)
 * </pre>
 *
 * <p>{@link #toString()} prints Erlang syntax, as {@code io:format("~w")} would.
 */
public sealed interface Term extends Comparable<Term>
    permits Atom,
        Int,
        BigInt,
        ErlFloat,
        Binary,
        BitBinary,
        ErlList,
        Tuple,
        ErlMap,
        Pid,
        Port,
        Ref,
        Fun,
        ExportFun {

  /**
   * Compares in Erlang's term order: number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid
   * &lt; tuple &lt; map &lt; [] &lt; list &lt; bitstring. Terms that order takes as equal but
   * {@link #equals(Object)} does not (an integer against a float of equal value somewhere inside)
   * are then ordered integer first, so that this order stays consistent with {@code equals}.
   */
  @Override
  default int compareTo(Term other) {
    return TermOrder.compare(this, other);
  }
}
