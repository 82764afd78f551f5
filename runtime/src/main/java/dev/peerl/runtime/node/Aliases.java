package dev.peerl.runtime.node;

import dev.peerl.codec.Ref;
import dev.peerl.runtime.process.AliasMode;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's active process aliases ({@code erlang:alias/0,1}): alias to owner. Lookups are
 * lock-free, as the inbound path of every connection makes them. Each owner also keeps its own
 * aliases ({@link LocalProcess#aliased}), so that they leave this table when it stops.
 */
final class Aliases {
  private record Alias(LocalProcess owner, AliasMode mode) {}

  private final ConcurrentHashMap<Ref, Alias> active = new ConcurrentHashMap<>();

  /**
   * Makes {@code alias} an alias of {@code owner}; false when the owner has died. The table entry
   * comes first: a death that runs between the two steps then finds the alias to shed.
   */
  boolean add(Ref alias, LocalProcess owner, AliasMode mode) {
    active.put(alias, new Alias(owner, mode));
    if (owner.aliased(alias)) {
      return true;
    }
    active.remove(alias);
    return false;
  }

  /** {@code unalias(Alias)} by {@code owner}: whether it was one of its active aliases. */
  boolean remove(Ref alias, LocalProcess owner) {
    if (!owner.unaliased(alias)) {
      return false;
    }
    active.remove(alias);
    return true;
  }

  /**
   * The process a message sent to {@code alias} goes to, if the alias is active; a {@code reply}
   * alias is deactivated by this lookup, so exactly one message passes through it.
   */
  Optional<LocalProcess> receiver(Ref alias) {
    Alias entry = active.get(alias);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.mode() == AliasMode.REPLY) {
      if (!active.remove(alias, entry)) {
        return Optional.empty();
      }
      entry.owner().unaliased(alias);
    }
    return Optional.of(entry.owner());
  }

  /** The aliases of a process that stopped. */
  void shed(Set<Ref> aliases) {
    aliases.forEach(active::remove);
  }

  int size() {
    return active.size();
  }
}
