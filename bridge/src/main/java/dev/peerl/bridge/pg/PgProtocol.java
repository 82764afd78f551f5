package dev.peerl.bridge.pg;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages pg scopes exchange (pg.erl, OTP 23 to 27; see PROTOCOL-NOTES section 9): how they
 * are written and read. Reading never trusts the shape of a term from the wire: anything that is
 * not exactly one of these messages reads as empty.
 *
 * <pre>
 * {discover, ScopePid}                           ask a peer scope to sync and to discover us back
 * {discover, ScopePid, ProtocolVersion}          the same, from OTP 28+ (never sent: OTP 25 crashes on it)
 * {'$gen_cast', {sync, ScopePid, [{Group, [Pid]}]}}   all the sender's local members
 * {join, ScopePid, Group, Pid | [Pid]}
 * {leave, ScopePid, Pid | [Pid], [Group]}
 * </pre>
 */
final class PgProtocol {
  static final Atom DISCOVER = Atom.of("discover");
  static final Atom SYNC = Atom.of("sync");
  static final Atom JOIN = Atom.of("join");
  static final Atom LEAVE = Atom.of("leave");
  static final Atom GEN_CAST = Atom.of("$gen_cast");

  /** A message from a peer scope, read. */
  sealed interface Inbound {
    Pid peer();
  }

  record Discover(Pid peer) implements Inbound {}

  record Sync(Pid peer, Map<Term, List<Pid>> groups) implements Inbound {}

  record Join(Pid peer, Term group, List<Pid> pids) implements Inbound {}

  record Leave(Pid peer, List<Pid> pids, List<Term> groups) implements Inbound {}

  private PgProtocol() {}

  static Term discover(Pid self) {
    return Tuple.of(DISCOVER, self);
  }

  static Term sync(Pid self, Map<Term, List<Pid>> localMembers) {
    List<Term> groups = new ArrayList<>(localMembers.size());
    localMembers.forEach((group, pids) -> groups.add(Tuple.of(group, ErlList.of(pids))));
    return Tuple.of(GEN_CAST, Tuple.of(SYNC, self, ErlList.of(groups)));
  }

  /** {@code Pid} for one process, as pg sends it when one process joined; else the list. */
  static Term join(Pid self, Term group, List<Pid> pids) {
    return Tuple.of(JOIN, self, group, pidOrPids(pids));
  }

  static Term leave(Pid self, List<Pid> pids, List<Term> groups) {
    return Tuple.of(LEAVE, self, pidOrPids(pids), ErlList.of(groups));
  }

  private static Term pidOrPids(List<Pid> pids) {
    return pids.size() == 1 ? pids.get(0) : ErlList.of(pids);
  }

  static Optional<Inbound> read(Term message) {
    if (!(message instanceof Tuple t) || t.arity() < 2) {
      return Optional.empty();
    }
    if (t.get(0).equals(DISCOVER) && (t.arity() == 2 || t.arity() == 3)) {
      return t.get(1) instanceof Pid peer ? Optional.of(new Discover(peer)) : Optional.empty();
    }
    if (t.isTagged(GEN_CAST, 2)
        && t.get(1) instanceof Tuple cast
        && cast.isTagged(SYNC, 3)
        && cast.get(1) instanceof Pid peer) {
      return groups(cast.get(2)).map(groups -> new Sync(peer, groups));
    }
    if (t.isTagged(JOIN, 4) && t.get(1) instanceof Pid peer) {
      return pids(t.get(3)).map(pids -> new Join(peer, t.get(2), pids));
    }
    if (t.isTagged(LEAVE, 4) && t.get(1) instanceof Pid peer) {
      Optional<List<Pid>> pids = pids(t.get(2));
      Optional<List<Term>> groups = properList(t.get(3));
      if (pids.isPresent() && groups.isPresent()) {
        return Optional.of(new Leave(peer, pids.get(), groups.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Map<Term, List<Pid>>> groups(Term term) {
    Optional<List<Term>> entries = properList(term);
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    Map<Term, List<Pid>> groups = new LinkedHashMap<>();
    for (Term entry : entries.get()) {
      if (!(entry instanceof Tuple t) || t.arity() != 2 || !(t.get(1) instanceof ErlList)) {
        return Optional.empty();
      }
      Optional<List<Pid>> pids = pids(t.get(1));
      if (pids.isEmpty()) {
        return Optional.empty();
      }
      groups.put(t.get(0), pids.get());
    }
    return Optional.of(groups);
  }

  private static Optional<List<Pid>> pids(Term pidOrPids) {
    if (pidOrPids instanceof Pid pid) {
      return Optional.of(List.of(pid));
    }
    Optional<List<Term>> list = properList(pidOrPids);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Pid> pids = new ArrayList<>(list.get().size());
    for (Term element : list.get()) {
      if (!(element instanceof Pid pid)) {
        return Optional.empty();
      }
      pids.add(pid);
    }
    return Optional.of(pids);
  }

  private static Optional<List<Term>> properList(Term term) {
    return term instanceof ErlList list && list.isProper()
        ? Optional.of(list.elements())
        : Optional.empty();
  }
}
