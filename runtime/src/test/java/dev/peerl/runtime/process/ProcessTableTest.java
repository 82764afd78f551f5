package dev.peerl.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Atom NODE = Atom.of("me@host");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<ProcessMessage> actor() {
    return testKit.<ProcessMessage>createTestProbe().getRef();
  }

  @Test
  void allocatesDistinctPidsOfThisNodeAndCreation() {
    ProcessTable table = new ProcessTable(NODE, 42);
    Set<Pid> pids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      Pid pid = table.allocate();
      assertEquals(NODE, pid.node());
      assertEquals(42, pid.creation());
      assertTrue(pid.id() >= 0 && pid.id() <= ProcessTable.MAX_ID, pid.toString());
      assertTrue(pids.add(pid), "allocated twice: " + pid);
    }
  }

  @Test
  void refusesASecondHolderOfANameAndASecondNameOfAProcess() {
    ProcessTable table = new ProcessTable(NODE, 1);
    Pid first = table.allocate();
    Pid second = table.allocate();
    table.add(first, actor());
    table.add(second, actor());
    table.register(Atom.of("server"), first);
    NameAlreadyRegisteredException taken =
        assertThrows(
            NameAlreadyRegisteredException.class, () -> table.register(Atom.of("server"), second));
    assertEquals(first, taken.holder());
    assertThrows(
        NameAlreadyRegisteredException.class, () -> table.register(Atom.of("other"), first));
    assertEquals(Optional.of(first), table.whereis(Atom.of("server")));
  }

  @Test
  void forgetsAProcessAndItsNameWhenRemoved() {
    ProcessTable table = new ProcessTable(NODE, 1);
    Pid pid = table.allocate();
    table.add(pid, actor());
    table.register(Atom.of("server"), pid);
    table.remove(pid);
    assertEquals(0, table.size());
    assertEquals(0, table.registeredCount());
    assertEquals(Optional.empty(), table.lookup(pid));
    assertNotEquals(pid, table.allocate());
  }
}
