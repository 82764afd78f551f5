package dev.peerl.bridge.rpc;

import dev.peerl.bridge.rpc.ErlangException.Kind;
import dev.peerl.bridge.rpc.Outcome.Raised;
import dev.peerl.bridge.rpc.Outcome.Returned;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code apply(M, F, A)} of a registered Java function, as every rpc entry point runs it: the
 * function on the functions' executor, its result or failure turned into an {@link Outcome}. The
 * returned stage never fails.
 */
final class JavaApply {
  private static final Logger LOG = LoggerFactory.getLogger(JavaApply.class);

  static final Atom UNDEF = Atom.of("undef");
  static final Atom BADARG = Atom.of("badarg");
  static final Atom JAVA_EXCEPTION = Atom.of("java_exception");
  private static final Atom ERLANG = Atom.of("erlang");
  private static final Atom APPLY = Atom.of("apply");
  private static final Atom FILE = Atom.of("file");
  private static final Atom LINE = Atom.of("line");

  /** The setting naming the dispatcher that runs the functions. */
  static final String DISPATCHER_SETTING = "peerl.bridge.rpc.function-dispatcher";

  private final RpcModules modules;
  private final Executor executor;

  JavaApply(RpcModules modules, Executor executor) {
    this.modules = modules;
    this.executor = executor;
  }

  /** Functions run on the dispatcher {@value #DISPATCHER_SETTING} names. */
  static JavaApply create(RpcModules modules, ActorSystem<?> system) {
    String dispatcher = system.settings().config().getString(DISPATCHER_SETTING);
    return new JavaApply(
        modules, system.dispatchers().lookup(DispatcherSelector.fromConfig(dispatcher)));
  }

  /** Applies {@code module:function(args...)}; the terms come from the wire, unchecked. */
  CompletionStage<Outcome> apply(Term module, Term function, Term args) {
    if (!(module instanceof Atom m)
        || !(function instanceof Atom f)
        || !(args instanceof ErlList list)
        || !list.isProper()
        || list.size() > Mfa.MAX_ARITY) {
      // What apply/3 raises for such arguments.
      Term stack =
          ErlList.of(Tuple.of(ERLANG, APPLY, ErlList.of(module, function, args), ErlList.NIL));
      return CompletableFuture.completedFuture(new Raised(Kind.ERROR, BADARG, stack));
    }
    Mfa mfa = new Mfa(m, f, list.size());
    AsyncJavaFunction target = modules.lookup(mfa).orElse(null);
    if (target == null) {
      // As erts: error:undef, and erpc trims the stack to the missing function's frame.
      Term stack = ErlList.of(Tuple.of(m, f, list, ErlList.NIL));
      return CompletableFuture.completedFuture(new Raised(Kind.ERROR, UNDEF, stack));
    }
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    try {
      executor.execute(() -> run(mfa, target, list.elements(), outcome));
    } catch (RejectedExecutionException e) {
      outcome.complete(raised(mfa, e));
    }
    return outcome;
  }

  private static void run(
      Mfa mfa, AsyncJavaFunction target, List<Term> args, CompletableFuture<Outcome> outcome) {
    CompletionStage<Term> result;
    try {
      result = target.apply(args);
    } catch (Throwable e) { // NOPMD: whatever the function throws is the caller's answer
      outcome.complete(raised(mfa, e));
      return;
    }
    if (result == null) {
      outcome.complete(raised(mfa, new NullPointerException(mfa + " returned null")));
      return;
    }
    result.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            outcome.complete(raised(mfa, unwrap(failure)));
          } else if (value == null) {
            outcome.complete(raised(mfa, new NullPointerException(mfa + " returned null")));
          } else {
            outcome.complete(new Returned(value));
          }
        });
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static Raised raised(Mfa mfa, Throwable failure) {
    Term stack =
        ErlList.of(Tuple.of(mfa.module(), mfa.function(), Int.of(mfa.arity()), location(failure)));
    if (failure instanceof ErlangException erlang) {
      return new Raised(erlang.kind(), erlang.reason(), erlang.stack().orElse(stack));
    }
    LOG.warn(
        "{} failed with a Java exception, raised in Erlang as error:{}",
        mfa,
        javaReason(failure),
        failure);
    return new Raised(Kind.ERROR, javaReason(failure), stack);
  }

  /** {@code {java_exception, <<"ClassName">>, <<"message">>}}. */
  static Term javaReason(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return Tuple.of(JAVA_EXCEPTION, Binary.of(failure.getClass().getName()), Binary.of(message));
  }

  /**
   * Erlang's stack frame location of the frame that threw: {@code [{file, "F.java"}, {line, N}]}.
   */
  private static Term location(Throwable failure) {
    for (StackTraceElement frame : failure.getStackTrace()) {
      // ErlangException's factories are not where the function raised it.
      if (frame.getClassName().equals(ErlangException.class.getName())) {
        continue;
      }
      if (frame.getFileName() == null || frame.getLineNumber() <= 0) {
        return ErlList.NIL;
      }
      return ErlList.of(
          Tuple.of(FILE, ErlList.ofCodePoints(frame.getFileName())),
          Tuple.of(LINE, Int.of(frame.getLineNumber())));
    }
    return ErlList.NIL;
  }
}
