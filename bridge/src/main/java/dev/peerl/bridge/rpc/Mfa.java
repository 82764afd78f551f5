package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import java.util.Objects;

/**
 * A function's identity, as Erlang's {@code Module:Function/Arity}.
 *
 * @param arity 0 to 255, Erlang's limit
 */
public record Mfa(Atom module, Atom function, int arity) {
  /** The largest arity an Erlang function can have. */
  public static final int MAX_ARITY = 255;

  public Mfa {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    if (arity < 0 || arity > MAX_ARITY) {
      throw new IllegalArgumentException(
          "arity must be 0.."
              + MAX_ARITY
              + ", not "
              + arity
              + " ("
              + module
              + ":"
              + function
              + ")");
    }
  }

  @Override
  public String toString() {
    return module + ":" + function + "/" + arity;
  }
}
