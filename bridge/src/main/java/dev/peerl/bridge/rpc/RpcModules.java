package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Java functions this node exports to Erlang, by {@code Module:Function/Arity}. Erlang nodes
 * call them with {@code rpc:call/4,5}, {@code erpc:call/4,5}, {@code erpc:cast/4}, {@code
 * erpc:multicall} and {@code rpc:block_call}; a function that is not registered fails as an
 * undefined Erlang function does ({@code error:undef}). Thread-safe; registrations take effect at
 * once.
 *
 * <pre>{@code
 * RpcModules modules = Rpc.install(node).modules();
 * modules.register("demo", "echo", x -> x);
 * modules.register(Atom.of("demo"), Atom.of("sum"), 3, args -> ...);  // List<Term> args
 * modules.registerAsync("demo", "fetch", 1, args -> someStage);
 * }</pre>
 *
 * <h2>Failures</h2>
 *
 * <ul>
 *   <li>{@link ErlangException}: that exception, of its class ({@code throw}, {@code exit}, {@code
 *       error}) and reason.
 *   <li>Any other exception (thrown, or failing the returned stage), and a {@code null} result:
 *       {@code error} with reason {@code {java_exception, <<"ClassName">>, <<"message">>}} (the
 *       exception's class name and message in UTF-8, {@code <<>>} without a message), logged at
 *       WARN with its Java stack trace.
 * </ul>
 *
 * An {@code error}'s stack is {@code [{Module, Function, Arity, Location}]}: the called function,
 * with {@code [{file, "Source.java"}, {line, N}]} of the Java frame that threw when there is one.
 */
public final class RpcModules {
  /** A function of no arguments. */
  @FunctionalInterface
  public interface Function0 {
    Term apply() throws Exception;
  }

  /** A function of one argument. */
  @FunctionalInterface
  public interface Function1 {
    Term apply(Term a) throws Exception;
  }

  /** A function of two arguments. */
  @FunctionalInterface
  public interface Function2 {
    Term apply(Term a, Term b) throws Exception;
  }

  /** A function of three arguments. */
  @FunctionalInterface
  public interface Function3 {
    Term apply(Term a, Term b, Term c) throws Exception;
  }

  private final ConcurrentHashMap<Mfa, AsyncJavaFunction> functions = new ConcurrentHashMap<>();

  /**
   * Exports {@code f} as {@code module:function/arity}, replacing any function registered there (as
   * loading a new version of a module does).
   *
   * @throws IllegalArgumentException if the arity is not 0..255
   */
  public void register(Atom module, Atom function, int arity, JavaFunction f) {
    Objects.requireNonNull(f, "f");
    registerAsync(
        module, function, arity, args -> CompletableFuture.completedFuture(f.apply(args)));
  }

  /** {@link #register(Atom, Atom, int, JavaFunction)} with the names as text. */
  public void register(String module, String function, int arity, JavaFunction f) {
    register(Atom.of(module), Atom.of(function), arity, f);
  }

  /** Exports a function whose result is a {@link java.util.concurrent.CompletionStage}. */
  public void registerAsync(Atom module, Atom function, int arity, AsyncJavaFunction f) {
    Objects.requireNonNull(f, "f");
    functions.put(new Mfa(module, function, arity), f);
  }

  /** {@link #registerAsync(Atom, Atom, int, AsyncJavaFunction)} with the names as text. */
  public void registerAsync(String module, String function, int arity, AsyncJavaFunction f) {
    registerAsync(Atom.of(module), Atom.of(function), arity, f);
  }

  /** Exports {@code module:function/0}. */
  public void register(String module, String function, Function0 f) {
    Objects.requireNonNull(f, "f");
    register(module, function, 0, args -> f.apply());
  }

  /** Exports {@code module:function/1}. */
  public void register(String module, String function, Function1 f) {
    Objects.requireNonNull(f, "f");
    register(module, function, 1, args -> f.apply(args.get(0)));
  }

  /** Exports {@code module:function/2}. */
  public void register(String module, String function, Function2 f) {
    Objects.requireNonNull(f, "f");
    register(module, function, 2, args -> f.apply(args.get(0), args.get(1)));
  }

  /** Exports {@code module:function/3}. */
  public void register(String module, String function, Function3 f) {
    Objects.requireNonNull(f, "f");
    register(module, function, 3, args -> f.apply(args.get(0), args.get(1), args.get(2)));
  }

  /** Removes {@code module:function/arity}; whether it was registered. */
  public boolean unregister(Atom module, Atom function, int arity) {
    return functions.remove(new Mfa(module, function, arity)) != null;
  }

  /** The function registered as {@code mfa}. */
  public Optional<AsyncJavaFunction> lookup(Mfa mfa) {
    return Optional.ofNullable(functions.get(mfa));
  }

  /** The functions registered now. */
  public Set<Mfa> functions() {
    return Set.copyOf(functions.keySet());
  }
}
