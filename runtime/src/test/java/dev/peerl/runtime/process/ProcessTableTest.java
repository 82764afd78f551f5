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
import org.junit.jupiter.api.Test;

class ProcessTableTest {
  private static final Atom NODE = Atom.of("me@host");

  /** What a table holds per process: here only its pid. */
  private record Entry(Pid pid) {}

  private static ProcessTable<Entry> table(int creation) {
    return new ProcessTable<>(NODE, creation, Entry::pid);
  }

  @Test
  void allocatesDistinctPidsOfThisNodeAndCreation() {
    ProcessTable<Entry> table = table(42);
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
    ProcessTable<Entry> table = table(1);
    Pid first = table.allocate();
    Pid second = table.allocate();
    table.add(new Entry(first));
    table.add(new Entry(second));
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
    ProcessTable<Entry> table = table(1);
    Pid pid = table.allocate();
    table.add(new Entry(pid));
    table.register(Atom.of("server"), pid);
    table.remove(pid);
    assertEquals(0, table.size());
    assertEquals(0, table.registeredCount());
    assertEquals(Optional.empty(), table.lookup(pid));
    assertNotEquals(pid, table.allocate());
  }

  @Test
  void findsOnlyItsOwnLiveProcessesByPid() {
    ProcessTable<Entry> table = table(7);
    Pid pid = table.allocate();
    Entry entry = new Entry(pid);
    table.add(entry);
    assertEquals(Optional.of(entry), table.lookup(pid));
    assertEquals(Optional.of(entry), table.lookup(table.pid(ProcessTable.key(pid))));
    assertEquals(Optional.empty(), table.lookup(new Pid(NODE, pid.id(), pid.serial(), 8)));
    assertEquals(
        Optional.empty(), table.lookup(new Pid(Atom.of("other@host"), pid.id(), pid.serial(), 7)));
    assertEquals(Optional.empty(), table.lookup(new Pid(NODE, pid.id() + 0x8000, 0, 7)));
    assertEquals(Optional.empty(), table.lookup(new Pid(NODE, pid.id(), 0x2000, 7)));
    assertEquals(Optional.of(entry), table.remove(pid));
    assertEquals(Optional.empty(), table.remove(pid));
  }

  @Test
  void refusesAProcessWhosePidItCouldNotHaveAllocated() {
    ProcessTable<Entry> table = table(1);
    assertThrows(
        IllegalArgumentException.class, () -> table.add(new Entry(new Pid(NODE, 1, 0, 2))));
    assertThrows(
        IllegalArgumentException.class, () -> table.add(new Entry(new Pid(NODE, -1, 0, 1))));
  }
}
