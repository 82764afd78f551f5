package dev.peerl.bridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import org.junit.jupiter.api.Test;

class TermSerializerTest {
  private final TermSerializer serializer = new TermSerializer();

  @Test
  void termsSurviveTheTrip() {
    Term term =
        Tuple.of(
            Atom.of("ping"),
            new Pid(Atom.of("erl@host"), 42, 1, 3),
            ErlList.of(Int.of(1), Binary.of("zoë")));
    assertEquals(term, serializer.fromBinaryJava(serializer.toBinary(term), null));
  }

  @Test
  void refusesWhatIsNotATermWithAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> serializer.fromBinaryJava(new byte[] {(byte) 131, 104, 9}, null));
    assertTrue(e.getMessage().startsWith("not a term in the External Term Format"));
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("a string"));
  }
}
