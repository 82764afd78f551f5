package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistrationTableTest {
  private final RegistrationTable table = new RegistrationTable(() -> 1_700_000_000L);
  private static final Runnable NOTHING = () -> {};

  @Test
  void givesANewNameTheClockPlusOneAndTheSameNameTheNextCreation() {
    NodeInfo node = NodeInfo.of("foo", 1000, NodeType.NORMAL);
    assertEquals(OptionalLong.of(1_700_000_001L), table.register(node, 1, NOTHING));
    table.unregister("foo", 1);
    assertEquals(OptionalLong.of(1_700_000_002L), table.register(node, 2, NOTHING));
  }

  @Test
  void refusesALiveNameAndIgnoresAReleaseByAnotherConnection() {
    NodeInfo node = NodeInfo.of("foo", 1000, NodeType.NORMAL);
    assertTrue(table.register(node, 1, NOTHING).isPresent());
    assertTrue(table.register(node, 2, NOTHING).isEmpty());
    table.unregister("foo", 2);
    assertTrue(table.lookup("foo").isPresent());
  }

  @Test
  void neverHandsOutCreationsBelowFourAndWrapsAt32Bits() {
    RegistrationTable wrapping = new RegistrationTable(() -> 0xFFFF_FFFFL);
    assertEquals(
        OptionalLong.of(4), wrapping.register(NodeInfo.of("foo", 1, NodeType.NORMAL), 1, NOTHING));
  }
}
