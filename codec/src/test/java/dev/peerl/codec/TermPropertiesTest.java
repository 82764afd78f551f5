package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TermPropertiesTest {

  @Provide
  Arbitrary<Term> terms() {
    return Arbitraries.randomValue(random -> new TermGen(random).term(3));
  }

  @Property(tries = 2000)
  void decodeIsTheInverseOfEncode(@ForAll("terms") Term term) throws DecodeException {
    byte[] bytes = Etf.termToBinary(term);
    Term decoded = Etf.binaryToTerm(bytes);
    assertEquals(term, decoded);
    assertEquals(term.hashCode(), decoded.hashCode());
    assertArrayEquals(bytes, Etf.termToBinary(decoded));
  }

  @Property(tries = 2000)
  void orderIsAntisymmetricAndConsistentWithEquals(
      @ForAll("terms") Term a, @ForAll("terms") Term b) {
    assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)));
    assertEquals(a.equals(b), a.compareTo(b) == 0);
  }

  @Property(tries = 1000)
  void orderIsTransitive(
      @ForAll("terms") Term a, @ForAll("terms") Term b, @ForAll("terms") Term c) {
    Term[] sorted = {a, b, c};
    java.util.Arrays.sort(sorted);
    assertEquals(true, sorted[0].compareTo(sorted[1]) <= 0 && sorted[1].compareTo(sorted[2]) <= 0);
    assertEquals(true, sorted[0].compareTo(sorted[2]) <= 0);
  }
}
