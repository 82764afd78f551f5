package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;

/** The Java functions of module {@code jmod} that both rpc server tests call from erl. */
final class JmodFunctions {
  private JmodFunctions() {}

  /**
   * Registers {@code jmod:echo/1}, which answers its argument, and {@code jmod:fail/1}, which
   * raises the Erlang exception of class {@code throw}, {@code exit} or {@code error} its argument
   * names, and a Java exception for any other argument.
   */
  static void registerEchoAndFail(RpcModules modules) {
    modules.register("jmod", "echo", x -> x);
    modules.register(
        "jmod",
        "fail",
        kind -> {
          switch (((Atom) kind).name()) {
            case "throw" -> throw ErlangException.thrown(Atom.of("thrown"));
            case "exit" -> throw ErlangException.exit(Atom.of("exited"));
            case "error" -> throw ErlangException.error(Atom.of("erred"));
            default -> throw new IllegalStateException("bad " + kind);
          }
        });
  }
}
