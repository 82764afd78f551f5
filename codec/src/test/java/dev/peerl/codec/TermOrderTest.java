package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each expectation was checked with {@code <} on a live OTP 25 node. */
class TermOrderTest {
  private static final Atom A = Atom.of("a@h");
  private static final Atom B = Atom.of("b@h");

  @Test
  void ordersTypesAsErlangDoes() {
    List<Term> expected =
        List.of(
            Int.of(1),
            Atom.OK,
            Ref.of(A, 1, 1, 2, 3),
            new ExportFun(Atom.of("m"), Atom.of("f"), 1),
            new Port(A, 1, 1),
            new Pid(A, 1, 1, 1),
            Tuple.EMPTY,
            ErlMap.EMPTY,
            ErlList.NIL,
            ErlList.of(Int.of(1)),
            Binary.EMPTY);
    List<Term> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new java.util.Random(1));
    Collections.sort(shuffled);
    assertEquals(expected, shuffled);
  }

  @Test
  void comparesAtomsByCodePointNotUtf16() {
    assertTrue(Atom.of("\uFF21").compareTo(Atom.of("\uD83D\uDE00")) < 0);
    assertTrue(Atom.of("a").compareTo(Atom.of("ab")) < 0);
  }

  @Test
  void comparesNumbersByExactValue() {
    assertTrue(Int.of(9007199254740993L).compareTo(ErlFloat.of(9.007199254740992e15)) > 0);
    assertTrue(Int.of(BigInteger.TWO.pow(1024)).compareTo(ErlFloat.of(Double.MAX_VALUE)) > 0);
    assertTrue(Int.of(1).compareTo(ErlFloat.of(1.5)) < 0);
  }

  @Test
  void breaksTiesBetweenEqualIntegersAndFloatsOnlyForTheWholeTerm() {
    // Erlang takes 1 and 1.0 (and 0.0 and -0.0) as equal and goes on to what follows.
    Atom a = Atom.of("a");
    Atom b = Atom.of("b");
    assertTrue(ErlList.of(Int.of(1), b).compareTo(ErlList.of(ErlFloat.of(1.0), a)) > 0);
    assertTrue(Tuple.of(Int.of(1), b).compareTo(Tuple.of(ErlFloat.of(1.0), a)) > 0);
    assertTrue(Tuple.of(ErlFloat.of(-0.0), b).compareTo(Tuple.of(ErlFloat.of(0.0), a)) > 0);
    Term improper = ErlList.improper(List.of(ErlFloat.of(1.0)), a);
    assertTrue(ErlList.of(Int.of(1), a).compareTo(improper) > 0);
    // Equal but for the number types, the integer comes first, as equals tells them apart.
    assertTrue(Tuple.of(Int.of(1), a).compareTo(Tuple.of(ErlFloat.of(1.0), a)) < 0);
    assertTrue(ErlFloat.of(-0.0).compareTo(ErlFloat.of(0.0)) < 0);
  }

  @Test
  void comparesPidsBySerialAndIdBeforeNode() {
    assertTrue(new Pid(A, 2, 0, 1).compareTo(new Pid(B, 1, 0, 1)) > 0);
    assertTrue(new Pid(A, 1, 2, 1).compareTo(new Pid(A, 2, 1, 1)) > 0);
    assertTrue(new Pid(B, 1, 0, 1).compareTo(new Pid(A, 1, 0, 2)) > 0);
    assertTrue(new Pid(A, -1, 0, 1).compareTo(new Pid(A, 0, 1, 1)) < 0);
  }

  @Test
  void comparesPortsByNodeAndCreationBeforeId() {
    assertTrue(new Port(A, 2, 1).compareTo(new Port(B, 1, 1)) < 0);
    assertTrue(new Port(A, 2, 1).compareTo(new Port(A, 1, 2)) < 0);
    assertTrue(new Port(A, 1L << 63, 1).compareTo(new Port(A, 1, 1)) > 0);
  }

  @Test
  void comparesReferencesAsOneNumberWithTheLastWordHighest() {
    assertTrue(Ref.of(A, 1, 2, 1, 1).compareTo(Ref.of(A, 1, 1, 1, 2)) < 0);
    assertTrue(Ref.of(A, 1, 9, 9, 9).compareTo(Ref.of(A, 1, 1, 1, 1, 1)) < 0);
    assertTrue(Ref.of(A, 2, 1, 1, 1).compareTo(Ref.of(A, 1, 9, 9, 9)) > 0);
    assertEquals(Ref.of(A, 1, 5), Ref.of(A, 1, 5, 0, 0));
    assertEquals(0, Ref.of(A, 1, 5).compareTo(Ref.of(A, 1, 5, 0, 0)));
  }

  @Test
  void ordersMapKeysWithEveryIntegerBeforeEveryFloat() {
    ErlMap map =
        ErlMap.of(ErlFloat.of(1.0), Atom.of("a"), Int.of(3), Atom.of("b"), Int.of(1), Atom.of("c"));
    assertEquals(
        List.of(Int.of(1), Int.of(3), ErlFloat.of(1.0)), List.copyOf(map.toMap().keySet()));
    ErlMap nested = ErlMap.of(Tuple.of(ErlFloat.of(1.0)), Atom.OK, Tuple.of(Int.of(2)), Atom.OK);
    assertEquals(Tuple.of(Int.of(2)), nested.keyAt(0));
  }

  @Test
  void ordersListsByElementsThenTails() {
    assertTrue(ErlList.of(Int.of(1)).compareTo(ErlList.of(Int.of(1), Int.of(2))) < 0);
    assertTrue(
        ErlList.improper(List.of(Atom.OK), Atom.OK).compareTo(ErlList.of(Atom.OK, Atom.OK)) < 0);
    assertTrue(
        ErlList.improper(List.of(Atom.OK), Binary.EMPTY).compareTo(ErlList.of(Atom.OK, Atom.OK))
            > 0);
  }

  @Test
  void ordersBitstringsBitByBitWithPrefixesFirst() {
    Term threeBits = BitBinary.of(new byte[] {(byte) 0xE0}, 3);
    assertTrue(threeBits.compareTo(Binary.of(new byte[] {(byte) 0xE0})) < 0);
    assertTrue(threeBits.compareTo(Binary.of(new byte[] {(byte) 0xD0})) > 0);
  }
}
