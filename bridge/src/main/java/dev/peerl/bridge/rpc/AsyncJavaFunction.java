package dev.peerl.bridge.rpc;

import dev.peerl.codec.Term;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A {@link JavaFunction} whose result comes later: the call returns when the stage completes. A
 * stage that fails with {@link ErlangException} raises that exception in the caller; any other
 * failure maps as a thrown Java exception does.
 */
@FunctionalInterface
public interface AsyncJavaFunction {
  CompletionStage<Term> apply(List<Term> args) throws Exception;
}
