package dev.peerl.samples.shop;

import dev.peerl.bridge.Bridge;
import dev.peerl.bridge.genserver.GenServerClient;
import dev.peerl.bridge.genserver.ServerRef;
import dev.peerl.bridge.rpc.ErlangException;
import dev.peerl.bridge.rpc.Rpc;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.samples.SampleNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sample 3: Java calling an Erlang gen_server, and {@code rpc:call} both ways.
 *
 * <ul>
 *   <li>Erlang calls Java: {@code rpc:call(JavaNode, prices, quote, [apples])} runs {@link
 *       #quote(Term)}.
 *   <li>Java calls Erlang: {@code rpc:call(JavaNode, prices, restock, [ErlNode])} makes Java call
 *       the Erlang gen_server {@code {stock, ErlNode}} ({@code {count, Item}}, {@code {add, Item,
 *       N}}) and then {@code shop:total/0} on that node with rpc, and answers what it saw.
 * </ul>
 *
 * The Erlang side is {@code samples/src/main/erlang/shop.erl}; run both with {@code bash
 * scripts/sample.sh shop}.
 */
public final class Shop {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Atom APPLES = Atom.of("apples");
  private static final Map<Term, Long> PRICES =
      Map.of(APPLES, 120L, Atom.of("pears"), 95L); // cents

  private Shop() {}

  public static void main(String[] args) throws Exception {
    SampleNode.run(args, sample -> register(sample.bridge()));
  }

  /** Registers the module {@code prices} that Erlang calls. */
  public static void register(Bridge bridge) {
    Rpc rpc = bridge.rpc();
    rpc.modules().register("prices", "quote", Shop::quote);
    rpc.modules().registerAsync("prices", "restock", 1, args -> restock(bridge, args.get(0)));
  }

  /** {@code prices:quote(Item)}: {@code {Item, Cents}}; an unknown item raises {@code badarg}. */
  static Term quote(Term item) {
    Long cents = PRICES.get(item);
    if (cents == null) {
      throw ErlangException.error(Atom.of("badarg"));
    }
    return Tuple.of(item, Int.of(cents));
  }

  /**
   * {@code prices:restock(ErlNode)}: tops apples up to 10 in the Erlang gen_server {@code stock} of
   * that node, then asks the node for its total stock with rpc. Answers {@code {restocked, Before,
   * After, Total}}. Nothing blocks: each step runs when the previous one's answer arrives.
   */
  static CompletionStage<Term> restock(Bridge bridge, Term erlNode) {
    if (!(erlNode instanceof Atom node)) {
      return CompletableFuture.failedFuture(ErlangException.error(Atom.of("badarg")));
    }
    GenServerClient genServers = bridge.genServers();
    ServerRef stock = ServerRef.of("stock", node);
    return genServers
        .call(stock, Tuple.of(Atom.of("count"), APPLES), TIMEOUT)
        .thenCompose(
            before -> {
              long missing = Math.max(0, 10 - ((Int) before).value());
              return genServers
                  .call(stock, Tuple.of(Atom.of("add"), APPLES, Int.of(missing)), TIMEOUT)
                  .thenCompose(
                      after ->
                          bridge
                              .rpc()
                              .call(node, "shop", "total", List.of(), TIMEOUT)
                              .thenApply(
                                  total ->
                                      (Term) Tuple.of(Atom.of("restocked"), before, after, total)));
            });
  }
}
