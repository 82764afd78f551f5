package dev.peerl.bridge.genserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Tuple;
import org.junit.jupiter.api.Test;

class ServerRefTest {
  private static final Atom NODE = Atom.of("erl@host");

  @Test
  void readsAPidOrANameOnANode() {
    Pid pid = new Pid(NODE, 1, 2, 3);
    assertEquals(ServerRef.of(pid), ServerRef.fromTerm(pid));
    assertEquals(ServerRef.of("kvs", NODE), ServerRef.fromTerm(Tuple.of(Atom.of("kvs"), NODE)));
    assertEquals(Tuple.of(Atom.of("kvs"), NODE), ServerRef.of("kvs", NODE).toTerm());
    assertEquals(NODE, ServerRef.of(pid).node());
  }

  @Test
  void refusesAnythingElseWithATypedError() {
    assertThrows(IllegalArgumentException.class, () -> ServerRef.fromTerm(Atom.of("kvs")));
    assertThrows(
        IllegalArgumentException.class, () -> ServerRef.fromTerm(Tuple.of(Atom.of("kvs"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerRef.fromTerm(Tuple.of(Atom.of("kvs"), Int.of(1))));
  }

  @Test
  void givesEachCallFailureTheReasonGenServerCallExitsWith() {
    ServerRef server = ServerRef.of("kvs", NODE);
    assertEquals(Atom.of("noproc"), new NoProcException(server).reason());
    assertEquals(Tuple.of(Atom.of("nodedown"), NODE), new NodeDownException(server).reason());
    assertEquals(Atom.of("boom"), new CallExitException(server, Atom.of("boom")).reason());
    assertEquals(
        Atom.of("timeout"),
        new CallTimeoutException(server, java.time.Duration.ofSeconds(1)).reason());
  }
}
