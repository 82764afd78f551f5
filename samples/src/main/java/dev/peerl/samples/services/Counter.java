package dev.peerl.samples.services;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.codec.Atom;
import dev.peerl.codec.BigInt;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * {@code counter}: an integer from 0; {@code call({add, N})} replies the new total, {@code
 * call(get)} the total. The state is an immutable {@link BigInteger}: a gen_server handles one
 * message at a time, so concurrent callers need no locking, and big totals stay exact.
 */
public final class Counter {
  /** The registered name. */
  public static final Atom NAME = Atom.of("counter");

  private static final Atom ADD = Atom.of("add");
  private static final Atom GET = Atom.of("get");

  private Counter() {}

  /** The gen_server's behavior; the demo spawns it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<BigInteger>create(ctx -> BigInteger.ZERO)
        .onCall(
            (ctx, total, request, from) -> {
              if (GET.equals(request)) {
                return GenServer.reply(Int.of(total), total);
              }
              if (Terms.isTagged(request, ADD, 2)) {
                Optional<BigInteger> n = integer(((Tuple) request).get(1));
                if (n.isEmpty()) {
                  return GenServer.reply(Terms.error(Terms.BADARG), total);
                }
                BigInteger next = total.add(n.get());
                return GenServer.reply(Int.of(next), next);
              }
              return GenServer.reply(Terms.unknownCall(request), total);
            })
        .build();
  }

  private static Optional<BigInteger> integer(Term term) {
    if (term instanceof Int i) {
      return Optional.of(BigInteger.valueOf(i.value()));
    }
    if (term instanceof BigInt b) {
      return Optional.of(b.value());
    }
    return Optional.empty();
  }
}
