package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;

/**
 * A name could not be registered: another process holds it, or the process already has a name
 * (Erlang allows one name per process; {@code register/2} raises {@code badarg} in both cases).
 */
public final class NameAlreadyRegisteredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Atom name;
  private final transient Pid holder;

  public NameAlreadyRegisteredException(Atom name, Pid holder, String reason) {
    super("cannot register " + name + ": " + reason);
    this.name = name;
    this.holder = holder;
  }

  /** The name that was asked for. */
  public Atom name() {
    return name;
  }

  /** The process that holds the name, or the one that already has another name. */
  public Pid holder() {
    return holder;
  }
}
