package dev.peerl.samples;

import dev.peerl.bridge.rpc.ErlangException;
import dev.peerl.bridge.rpc.RpcModules;
import dev.peerl.codec.Atom;
import dev.peerl.codec.BigInt;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.math.BigInteger;

/**
 * The demo node's rpc module {@code demo}, written in Java and called from Erlang:
 *
 * <pre>
 * rpc:call(Demo, demo, echo, [X])     -> X
 * rpc:call(Demo, demo, add, [A, B])   -> A + B   (integers of any size, floats)
 * erpc:call(Demo, demo, add, [a, 1])  -> raises error:{exception, badarith, Stack}, as Erlang's +
 * </pre>
 */
public final class DemoModule {
  static final Atom BADARITH = Atom.of("badarith");

  private DemoModule() {}

  /** Registers {@code demo:echo/1} and {@code demo:add/2}. */
  public static void register(RpcModules modules) {
    modules.register("demo", "echo", x -> x);
    modules.register("demo", "add", DemoModule::add);
  }

  /** Erlang's {@code A + B}. */
  static Term add(Term a, Term b) {
    if (!isNumber(a) || !isNumber(b)) {
      throw badarith(a, b);
    }
    if (a instanceof ErlFloat || b instanceof ErlFloat) {
      double sum = toDouble(a) + toDouble(b);
      if (Double.isInfinite(sum)) {
        throw badarith(a, b); // Erlang has no infinite floats
      }
      return ErlFloat.of(sum);
    }
    return Int.of(toInteger(a).add(toInteger(b)));
  }

  private static boolean isNumber(Term x) {
    return x instanceof Int || x instanceof BigInt || x instanceof ErlFloat;
  }

  private static double toDouble(Term x) {
    return x instanceof ErlFloat f ? f.value() : toInteger(x).doubleValue();
  }

  private static BigInteger toInteger(Term x) {
    return x instanceof Int i ? i.toBigInteger() : ((BigInt) x).value();
  }

  /** What {@code A + B} raises for a non-number: the stack names {@code erlang:'+'/2}, then us. */
  private static ErlangException badarith(Term a, Term b) {
    Term stack =
        ErlList.of(
            Tuple.of(Atom.of("erlang"), Atom.of("+"), ErlList.of(a, b), ErlList.NIL),
            Tuple.of(Atom.of("demo"), Atom.of("add"), Int.of(2), ErlList.NIL));
    return ErlangException.error(BADARITH, stack);
  }
}
