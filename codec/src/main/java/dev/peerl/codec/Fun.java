package dev.peerl.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A local fun ({@code NEW_FUN_EXT}). The JVM cannot run it: Peerl keeps it whole so that it can be
 * passed on and handed back to Erlang unchanged, where it is called.
 */
public final class Fun implements Term {
  /** Bytes of the MD5 of the module's code that identifies the fun's code. */
  public static final int UNIQ_LENGTH = 16;

  private final Atom module;
  private final int arity;
  private final byte[] uniq;
  private final int index;
  private final long oldIndex;
  private final long oldUniq;
  private final Pid pid;
  private final Term[] freeVars;

  Fun(
      Atom module,
      int arity,
      byte[] uniq,
      int index,
      long oldIndex,
      long oldUniq,
      Pid pid,
      Term[] freeVars) {
    this.module = Objects.requireNonNull(module, "module");
    this.arity = arity;
    this.uniq = uniq;
    this.index = index;
    this.oldIndex = oldIndex;
    this.oldUniq = oldUniq;
    this.pid = Objects.requireNonNull(pid, "pid");
    this.freeVars = freeVars;
  }

  /** The module that defines the fun. */
  public Atom module() {
    return module;
  }

  public int arity() {
    return arity;
  }

  /** The variables the fun captured, in OTP's order. */
  public List<Term> freeVars() {
    return List.of(freeVars);
  }

  /** The process that created the fun. */
  public Pid pid() {
    return pid;
  }

  public int index() {
    return index;
  }

  public long oldIndex() {
    return oldIndex;
  }

  public long oldUniq() {
    return oldUniq;
  }

  public byte[] uniq() {
    return uniq.clone();
  }

  byte[] uniqBytes() {
    return uniq;
  }

  Term[] freeVarArray() {
    return freeVars;
  }

  /**
   * Equal as OTP's {@code =:=} takes funs: same module, index, old uniq and environment. The
   * remaining fields (uniq, old index, arity, creator) do not take part, as in OTP 25.
   */
  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof Fun fun
            && fun.index == index
            && fun.oldUniq == oldUniq
            && fun.module.equals(module)
            && Arrays.equals(fun.freeVars, freeVars));
  }

  @Override
  public int hashCode() {
    return Objects.hash(module, index, oldUniq) * 31 + Arrays.hashCode(freeVars);
  }

  @Override
  public String toString() {
    return "#Fun<" + module.name() + "." + oldIndex + "." + oldUniq + ">";
  }
}
