package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;

/** The exit reasons the runtime itself gives, as erts names them. */
public final class ExitReason {
  /** A process that ended its behavior ({@code Behaviors.stopped()}); does not kill links. */
  public static final Atom NORMAL = Atom.of("normal");

  /** Through {@code exit/2} only: untrappable; the victim's links see {@link #KILLED}. */
  public static final Atom KILL = Atom.of("kill");

  public static final Atom KILLED = Atom.of("killed");

  /** The target of a link or monitor did not exist. */
  public static final Atom NOPROC = Atom.of("noproc");

  /** The connection to the other process's node went down. */
  public static final Atom NOCONNECTION = Atom.of("noconnection");

  private ExitReason() {}

  /**
   * The reason of a process whose behavior threw: {@code {ClassName, <<"message">>}}, so that erl
   * code sees which exception it was without a Java stack trace crossing the wire.
   */
  public static Term of(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return Tuple.of(Atom.of(failure.getClass().getName()), Binary.of(message));
  }

  /** Whether an exit signal with this reason leaves a non-trapping process alive. */
  public static boolean isNormal(Term reason) {
    return NORMAL.equals(reason);
  }
}
