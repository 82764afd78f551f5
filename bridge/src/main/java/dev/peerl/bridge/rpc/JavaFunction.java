package dev.peerl.bridge.rpc;

import dev.peerl.codec.Term;
import java.util.List;

/**
 * A Java function Erlang nodes call by module, name and arity ({@code rpc:call(JavaNode, M, F,
 * Args)}). It gets the arguments in order and returns the result. It fails as an Erlang function
 * would by throwing {@link ErlangException}; any other exception becomes {@code
 * error:{java_exception, <<"ClassName">>, <<"message">>}} (see {@link RpcModules}).
 *
 * <p>It runs on the dispatcher {@code peerl.bridge.rpc.function-dispatcher} (by default Pekko's
 * blocking-IO dispatcher), so it may block; {@link AsyncJavaFunction} does not hold a thread while
 * it waits.
 */
@FunctionalInterface
public interface JavaFunction {
  Term apply(List<Term> args) throws Exception;
}
