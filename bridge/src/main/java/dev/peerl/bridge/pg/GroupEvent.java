package dev.peerl.bridge.pg;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import java.util.List;
import java.util.Objects;

/**
 * A change of a group's members, as {@code pg:monitor/2} reports it in OTP 25.1+ ({@code {Ref,
 * join, Group, Pids}} and {@code {Ref, leave, Group, Pids}}). Subscribe with {@link
 * PgScope#monitor} or {@link PgScope#monitorScope}.
 */
public sealed interface GroupEvent {
  /** The scope the group belongs to. */
  Atom scope();

  Term group();

  /** The processes that joined or left, local and remote. */
  List<Pid> pids();

  /** {@code pids} joined {@code group}. */
  record Joined(Atom scope, Term group, List<Pid> pids) implements GroupEvent {
    public Joined {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(group, "group");
      pids = List.copyOf(pids);
    }
  }

  /** {@code pids} left {@code group}: by leaving, exiting, or their node going down. */
  record Left(Atom scope, Term group, List<Pid> pids) implements GroupEvent {
    public Left {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(group, "group");
      pids = List.copyOf(pids);
    }
  }
}
