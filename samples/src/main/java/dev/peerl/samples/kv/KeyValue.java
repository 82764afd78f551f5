package dev.peerl.samples.kv;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.bridge.mapping.TermMapper;
import dev.peerl.bridge.mapping.TermMappingException;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.samples.SampleNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Sample 2: a key-value store written in Java as a gen_server, registered as {@code kv}, that
 * Erlang ({@code gen_server:call({kv, Node}, {put, K, V})}) and Elixir ({@code GenServer.call({:kv,
 * node}, {:put, k, v})}) call as they call any gen_server. Requests are decoded into a sealed
 * interface of records by the {@link TermMapper}.
 *
 * <p>The callers are {@code samples/src/main/erlang/kv_client.erl} and {@code
 * samples/src/main/elixir/kv_client.exs}; run them with {@code bash scripts/sample.sh kv}.
 */
public final class KeyValue {
  /** The registered name. */
  public static final Atom NAME = Atom.of("kv");

  /** What callers may ask: {@code {put, K, V}}, {@code {get, K}}, {@code keys}. */
  sealed interface Request permits Put, Get, Keys {}

  record Put(Term key, Term value) implements Request {}

  record Get(Term key) implements Request {}

  enum Keys implements Request {
    KEYS
  }

  /** What callers may cast: {@code {delete, K}}. */
  record Delete(Term key) {}

  private static final TermMapper MAPPER = TermMapper.defaults();
  private static final Atom OK = Atom.of("ok");
  private static final Atom ERROR = Atom.of("error");
  private static final Atom NOT_FOUND = Atom.of("not_found");

  private KeyValue() {}

  public static void main(String[] args) throws Exception {
    SampleNode.run(args, sample -> sample.node().spawn(NAME, behavior()));
  }

  /** The gen_server's behavior; spawn it registered as {@link #NAME}. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    // One mutable map as the state: handlers run one message at a time, in the server's process.
    return GenServer.<Map<Term, Term>>create(ctx -> new HashMap<>())
        .onCall(
            (ctx, store, request, from) -> {
              try {
                return GenServer.reply(
                    handle(store, MAPPER.fromTerm(request, Request.class)), store);
              } catch (TermMappingException e) {
                // {error, {bad_request, <<"what did not fit">>}}: the server carries on.
                return GenServer.reply(
                    Tuple.of(ERROR, Tuple.of(Atom.of("bad_request"), Binary.of(e.getMessage()))),
                    store);
              }
            })
        .onCast(
            (ctx, store, message) -> {
              store.remove(MAPPER.fromTerm(message, Delete.class).key());
              return GenServer.noReply(store);
            })
        .build();
  }

  private static Term handle(Map<Term, Term> store, Request request) {
    if (request instanceof Put put) {
      store.put(put.key(), put.value());
      return OK;
    }
    if (request instanceof Get get) {
      Term value = store.get(get.key());
      return value == null ? NOT_FOUND : Tuple.of(OK, value);
    }
    return ErlList.of(store.keySet()); // Keys.KEYS
  }
}
