package dev.peerl.runtime.process;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import java.util.List;
import java.util.Objects;

/**
 * A spawn request from another node, as a {@link SpawnHandler} sees it.
 *
 * @param requester the process that asked (the parent of a link, the owner of a monitor)
 * @param groupLeader the new process's group leader
 * @param module the module asked for
 * @param function the function asked for
 * @param args the arguments, as many as the function's arity
 */
public record RemoteSpawn(
    Pid requester, Pid groupLeader, Atom module, Atom function, List<Term> args) {
  public RemoteSpawn {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(groupLeader, "groupLeader");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
  }
}
