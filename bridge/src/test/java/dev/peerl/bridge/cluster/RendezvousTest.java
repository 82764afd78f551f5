package dev.peerl.bridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private static final List<Address> MEMBERS =
      List.of(
          new Address("pekko", "peerl-cluster", "127.0.0.1", 25520),
          new Address("pekko", "peerl-cluster", "127.0.0.1", 25521),
          new Address("pekko", "peerl-cluster", "127.0.0.1", 25522));

  private static Pid pid(int id) {
    return new Pid(Atom.of("erl@host"), id, 0, 1);
  }

  @Test
  void everyOrderOfTheMembersPicksTheSameOwner() {
    List<Address> reversed = new ArrayList<>(MEMBERS);
    Collections.reverse(reversed);
    for (int id = 0; id < 100; id++) {
      assertEquals(Rendezvous.owner(pid(id), MEMBERS), Rendezvous.owner(pid(id), reversed));
    }
  }

  @Test
  void aMemberThatLeavesMovesOnlyItsOwnPids() {
    Address leaving = MEMBERS.get(2);
    List<Address> rest = MEMBERS.subList(0, 2);
    for (int id = 0; id < 100; id++) {
      Address before = Rendezvous.owner(pid(id), MEMBERS).orElseThrow();
      Address after = Rendezvous.owner(pid(id), rest).orElseThrow();
      if (!before.equals(leaving)) {
        assertEquals(before, after);
      }
    }
  }

  @Test
  void spreadsPidsOverTheMembers() {
    Map<Address, Integer> counts = new HashMap<>();
    for (int id = 0; id < 300; id++) {
      counts.merge(Rendezvous.owner(pid(id), MEMBERS).orElseThrow(), 1, Integer::sum);
    }
    assertEquals(3, counts.size());
    counts.values().forEach(n -> assertTrue(n > 50, counts::toString));
  }

  @Test
  void noMembersOwnNothing() {
    assertEquals(Optional.empty(), Rendezvous.owner(pid(1), List.of()));
  }
}
