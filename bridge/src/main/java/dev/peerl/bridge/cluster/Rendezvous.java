package dev.peerl.bridge.cluster;

import dev.peerl.codec.Pid;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import org.apache.pekko.actor.Address;

/**
 * Which JVM of the cluster stands for an Erlang pid in the Receptionist: rendezvous (highest random
 * weight) hashing of the pid over the members, so that every JVM that sees the same members picks
 * the same one without asking the others, and a member that leaves moves only its own pids. The
 * hash is FNV-1a over the address and the pid, the same on every JVM.
 */
final class Rendezvous {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Rendezvous() {}

  /** The member that owns {@code pid}; empty when there are no members. */
  static Optional<Address> owner(Pid pid, Collection<Address> members) {
    Address best = null;
    long bestScore = 0;
    for (Address member : members) {
      long score = score(member, pid);
      if (best == null
          || score > bestScore
          || (score == bestScore && member.toString().compareTo(best.toString()) < 0)) {
        best = member;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  static long score(Address member, Pid pid) {
    String key =
        member
            + "|"
            + pid.node().name()
            + "."
            + pid.id()
            + "."
            + pid.serial()
            + "."
            + pid.creation();
    long hash = FNV_OFFSET;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    // FNV mixes the last bytes poorly into the high bits: finish with MurmurHash3's fmix64.
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }
}
