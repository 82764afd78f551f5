package dev.peerl.codec;

import static dev.peerl.codec.TermEncoderTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TermDecoderTest {

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty input", bytes()),
        Arguments.of("wrong version", bytes(130, 97, 1)),
        Arguments.of("unknown tag", bytes(131, 200)),
        Arguments.of("LOCAL_EXT", bytes(131, 121, 0)),
        Arguments.of("truncated integer", bytes(131, 98, 0, 0)),
        Arguments.of("truncated atom", bytes(131, 119, 5, 'a')),
        Arguments.of("atom of invalid UTF-8", bytes(131, 119, 2, 0xC3, 0x28)),
        Arguments.of("truncated atom in a pair", bytes(131, 104, 2, 119, 5, 'a', 97)),
        Arguments.of("pair whose last integer is cut", bytes(131, 104, 2, 97, 1, 97)),
        Arguments.of(
            "atom of invalid UTF-8 in a triple",
            bytes(131, 104, 3, 97, 1, 119, 2, 0xC3, 0x28, 97, 2)),
        Arguments.of(
            "map with a repeated atom key",
            bytes(131, 116, 0, 0, 0, 2, 119, 1, 'a', 97, 1, 119, 1, 'a', 97, 2)),
        Arguments.of("latin-1 atom over 255", concat(bytes(131, 100, 1, 0), new byte[256])),
        Arguments.of("list claiming 4G elements", bytes(131, 108, 255, 255, 255, 255, 106)),
        Arguments.of("tuple claiming more than remains", bytes(131, 105, 0, 1, 0, 0, 97, 1)),
        Arguments.of("binary claiming more than remains", bytes(131, 109, 0, 0, 0, 9, 1)),
        Arguments.of(
            "map with a repeated key", bytes(131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3)),
        Arguments.of("bignum with a bad sign", bytes(131, 110, 1, 2, 1)),
        Arguments.of("reference of 6 words", bytes(131, 90, 0, 6, 119, 1, 'a', 0, 0, 0, 0)),
        Arguments.of("reference of 0 words", bytes(131, 90, 0, 0, 119, 1, 'a', 0, 0, 0, 0)),
        Arguments.of(
            "pid with a non-atom node", bytes(131, 88, 97, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        Arguments.of("NaN float", bytes(131, 70, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0)),
        Arguments.of("bit binary with 0 bits", bytes(131, 77, 0, 0, 0, 1, 0, 1)),
        Arguments.of("bit binary with 9 bits", bytes(131, 77, 0, 0, 0, 1, 9, 1)),
        Arguments.of("atom cache ref without a cache", bytes(131, 82, 0)),
        Arguments.of(
            "export with a non-integer arity", bytes(131, 113, 119, 1, 'm', 119, 1, 'f', 106)),
        Arguments.of("fun whose size lies", funWithSize(9999)),
        Arguments.of("trailing bytes", bytes(131, 97, 1, 0)),
        Arguments.of("compressed over the limit", bytes(131, 80, 127, 255, 255, 255, 0)),
        Arguments.of("compressed garbage", bytes(131, 80, 0, 0, 0, 2, 1, 2, 3)),
        Arguments.of("compressed shorter than declared", compressed(bytes(97, 1), 3)),
        Arguments.of("compressed longer than declared", compressed(bytes(97, 1), 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedInputWithADecodeException(String what, byte[] input) {
    DecodeException error = assertThrows(DecodeException.class, () -> Etf.binaryToTerm(input));
    assertTrue(error.offset() >= 0 && error.offset() <= input.length, error.getMessage());
  }

  @Test
  void reportsTheOffsetOfTheProblem() {
    DecodeException error =
        assertThrows(DecodeException.class, () -> Etf.binaryToTerm(bytes(131, 104, 2, 97, 1, 200)));
    assertEquals(5, error.offset());
    assertTrue(error.getMessage().contains("unknown tag 200"), error.getMessage());
  }

  @Test
  void refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
    byte[] deep = new byte[1 + 2 * 100_000 + 1];
    deep[0] = (byte) 131;
    for (int i = 0; i < 100_000; i++) {
      deep[1 + 2 * i] = (byte) 104;
      deep[2 + 2 * i] = 1;
    }
    deep[deep.length - 1] = 106;
    DecodeException error = assertThrows(DecodeException.class, () -> Etf.binaryToTerm(deep));
    assertTrue(error.reason().contains("deeper than the limit of 1024"), error.getMessage());
  }

  // Found while fuzzing (docs/reliability.md): fields the format types but encodes as terms (an
  // export's arity, a fun's OldIndex) were read as any term, and chains of them overflowed the
  // stack.
  @Test
  void refusesExportsNestedInTheArityWithoutRecursing() {
    int levels = 100_000;
    byte[] deep = new byte[1 + 5 * levels + 2];
    deep[0] = (byte) 131;
    for (int i = 0; i < levels; i++) {
      System.arraycopy(bytes(113, 119, 0, 119, 0), 0, deep, 1 + 5 * i, 5);
    }
    deep[deep.length - 2] = 97;
    DecodeException error = assertThrows(DecodeException.class, () -> Etf.binaryToTerm(deep));
    assertEquals(1, error.offset());
    assertTrue(error.reason().contains("arity is not an integer"), error.getMessage());
  }

  @Test
  void refusesFunsNestedInTheOldIndexWithoutRecursing() {
    byte[] pid = bytes(88, 119, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    byte[] inner = bytes(97, 0);
    for (int i = 0; i < 5_000; i++) {
      int size = 4 + 1 + 16 + 4 + 4 + 2 + inner.length + 2 + pid.length;
      java.nio.ByteBuffer fun = java.nio.ByteBuffer.allocate(1 + size);
      fun.put((byte) 112).putInt(size).put(new byte[1 + 16 + 4 + 4]).put(bytes(119, 0));
      fun.put(inner).put(bytes(97, 0)).put(pid);
      inner = fun.array();
    }
    byte[] deep = concat(bytes(131), inner);
    DecodeException error = assertThrows(DecodeException.class, () -> Etf.binaryToTerm(deep));
    assertEquals(1, error.offset());
    assertTrue(error.reason().contains("OldIndex is not an integer"), error.getMessage());
  }

  @Test
  void acceptsNestingUpToTheLimit() throws DecodeException {
    Term term = ErlList.NIL;
    for (int i = 0; i < 1023; i++) {
      term = ErlList.of(term);
    }
    assertEquals(term, Etf.binaryToTerm(Etf.termToBinary(term)));
  }

  @Test
  void decodesCompressedTerms() throws DecodeException {
    Term term = Tuple.of(Binary.of(new byte[10_000]), Atom.of("compressed"));
    byte[] plain = Etf.termToBinary(term);
    byte[] inner = java.util.Arrays.copyOfRange(plain, 1, plain.length);
    assertEquals(term, Etf.binaryToTerm(compressed(inner, inner.length)));
  }

  @Test
  void decodesTheOldFormats() throws DecodeException {
    assertEquals(Atom.of("é"), Etf.binaryToTerm(bytes(131, 115, 1, 0xE9)));
    assertEquals(Atom.of("ab"), Etf.binaryToTerm(bytes(131, 100, 0, 2, 'a', 'b')));
    byte[] oldFloat = new byte[33];
    oldFloat[0] = (byte) 131;
    oldFloat[1] = 99;
    byte[] text = "1.50000000000000000000e+00".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, oldFloat, 2, text.length);
    assertEquals(ErlFloat.of(1.5), Etf.binaryToTerm(oldFloat));
    assertEquals(
        new Pid(Atom.of("a"), 1, 2, 3),
        Etf.binaryToTerm(bytes(131, 103, 119, 1, 'a', 0, 0, 0, 1, 0, 0, 0, 2, 3)));
    assertEquals(
        new Port(Atom.of("a"), 7, 3),
        Etf.binaryToTerm(bytes(131, 102, 119, 1, 'a', 0, 0, 0, 7, 3)));
    assertEquals(
        Ref.of(Atom.of("a"), 3, 7), Etf.binaryToTerm(bytes(131, 101, 119, 1, 'a', 0, 0, 0, 7, 3)));
    assertEquals(
        Ref.of(Atom.of("a"), 3, 7, 8),
        Etf.binaryToTerm(bytes(131, 114, 0, 2, 119, 1, 'a', 3, 0, 0, 0, 7, 0, 0, 0, 8)));
  }

  @Test
  void normalizesWhatOtpAlsoNormalizes() throws DecodeException {
    // Non-canonical bignum: fits a small integer.
    assertEquals(Int.of(5), Etf.binaryToTerm(bytes(131, 110, 2, 0, 5, 0)));
    assertEquals(Int.of(0), Etf.binaryToTerm(bytes(131, 110, 0, 0)));
    // [1 | [2]] written as nested LIST_EXT is the proper list [1, 2].
    assertEquals(
        ErlList.of(Int.of(1), Int.of(2)),
        Etf.binaryToTerm(bytes(131, 108, 0, 0, 0, 1, 97, 1, 108, 0, 0, 0, 1, 97, 2, 106)));
    // Padding bits of a bitstring are masked off.
    assertEquals(
        BitBinary.of(new byte[] {(byte) 0xE0}, 3),
        Etf.binaryToTerm(bytes(131, 77, 0, 0, 0, 1, 3, 0xFF)));
  }

  @Test
  void resolvesAtomCacheReferences() throws DecodeException {
    TermDecoder decoder = new TermDecoder().atomCacheRefs(new Atom[] {Atom.of("cached")});
    UnsafeBuffer buffer = new UnsafeBuffer(bytes(104, 1, 82, 0));
    assertEquals(Tuple.of(Atom.of("cached")), decoder.wrap(buffer, 0, 4).readTerm());
  }

  @Test
  void slicesBinariesWithoutCopyingWhenAllowed() throws DecodeException {
    byte[] input = bytes(131, 109, 0, 0, 0, 3, 1, 2, 3);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT.withSliceBinaries(true));
    Binary binary =
        assertInstanceOf(
            Binary.class,
            decoder.wrap(new UnsafeBuffer(input), 0, input.length).readVersionedTerm());
    assertSame(input, binary.array());
    assertEquals(6, binary.offset());
  }

  @Test
  void slicesOnlyBinariesAboveTheMinimumSliceSize() throws DecodeException {
    DecodeLimits beamRule =
        DecodeLimits.DEFAULT
            .withSliceBinaries(true)
            .withMinSliceSize(DecodeLimits.BEAM_HEAP_BINARY_LIMIT + 1);
    byte[] small = binaryExt(64);
    byte[] large = binaryExt(65);
    Binary copied =
        assertInstanceOf(
            Binary.class,
            new TermDecoder(beamRule)
                .wrap(new UnsafeBuffer(small), 0, small.length)
                .readVersionedTerm());
    Binary shared =
        assertInstanceOf(
            Binary.class,
            new TermDecoder(beamRule)
                .wrap(new UnsafeBuffer(large), 0, large.length)
                .readVersionedTerm());
    assertNotSame(small, copied.array());
    assertEquals(64, copied.length());
    assertSame(large, shared.array());
    assertEquals(6, shared.offset());
    assertEquals(65, shared.length());
  }

  @Test
  void refusesANegativeMinimumSliceSize() {
    assertThrows(IllegalArgumentException.class, () -> DecodeLimits.DEFAULT.withMinSliceSize(-1));
  }

  private static byte[] binaryExt(int size) {
    byte[] bytes = new byte[6 + size];
    bytes[0] = (byte) 131;
    bytes[1] = 109;
    bytes[5] = (byte) size;
    for (int i = 0; i < size; i++) {
      bytes[6 + i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void readsEachPidsAndReferencesOwnNodeWhenNodesChange() throws DecodeException {
    // Same lengths, names differing in the first byte, in the last, and only after the first 8
    // bytes; a node given by ATOM_CACHE_REF between them; then the first node again.
    Atom[] nodes = {
      Atom.of("a@host"),
      Atom.of("b@host"),
      Atom.of("b@hosu"),
      Atom.of("alpha@bench-host"),
      Atom.of("alpha@bench-hosu"),
      Atom.of("cached@ref"),
      Atom.of("a@host")
    };
    List<Term> terms = new ArrayList<>();
    for (Atom node : nodes) {
      terms.add(new Pid(node, 1, 2, 3));
      terms.add(Ref.of(node, 3, 4, 5, 6));
      terms.add(new Port(node, 7, 8));
    }
    Term list = ErlList.of(terms.toArray(new Term[0]));
    Atom cached = Atom.of("cached@ref");
    byte[] encoded =
        encodeVersioned(
            new TermEncoder(TermEncoder.DEFAULT_MAX_DEPTH, atom -> atom.equals(cached) ? 0 : -1),
            list);
    TermDecoder decoder = new TermDecoder().atomCacheRefs(new Atom[] {cached});
    for (int round = 0; round < 2; round++) {
      assertEquals(
          list, decoder.wrap(new UnsafeBuffer(encoded), 0, encoded.length).readVersionedTerm());
    }
    // Off-heap, where the node is not compared in place.
    UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(encoded.length));
    direct.putBytes(0, encoded);
    assertEquals(list, decoder.wrap(direct, 0, encoded.length).readVersionedTerm());
  }

  @Test
  void refusesAPidWhoseNodeIsCutShortAfterOneThatWasRead() throws DecodeException {
    TermDecoder decoder = new TermDecoder();
    byte[] whole = encodeVersioned(new TermEncoder(), new Pid(Atom.of("n@h"), 1, 2, 3));
    assertEquals(
        new Pid(Atom.of("n@h"), 1, 2, 3),
        decoder.wrap(new UnsafeBuffer(whole), 0, whole.length).readVersionedTerm());
    assertEveryCutRefused(decoder, whole);
  }

  @Test
  void mapsOfTheSameAtomKeysShareOneKeyArrayAndEveryOtherMapIsReadInFull() throws DecodeException {
    Atom a = Atom.of("a");
    Atom b = Atom.of("b");
    Atom c = Atom.of("c");
    TermDecoder decoder = new TermDecoder();
    ErlMap first = decodeMap(decoder, ErlMap.of(a, Int.of(1), b, Int.of(2)));
    ErlMap second = decodeMap(decoder, ErlMap.of(a, Int.of(3), b, Binary.of("x")));
    assertSame(first.keyArray(), second.keyArray());
    // The same number of keys, the second one different; then more keys; then keys not atoms.
    decodeMap(decoder, ErlMap.of(a, Int.of(1), c, Int.of(2)));
    decodeMap(decoder, ErlMap.of(a, Int.of(1), b, Int.of(2), c, Int.of(3)));
    decodeMap(decoder, ErlMap.of(Int.of(1), a, Int.of(2), b));
    decodeMap(decoder, ErlMap.of(a, ErlMap.of(a, Int.of(1), b, Int.of(2)), b, Int.of(2)));
    // Out of order on the wire after a map of the same keys: sorted as any other.
    decodeMap(decoder, ErlMap.of(a, Int.of(1), b, Int.of(2)));
    byte[] unsorted = bytes(131, 116, 0, 0, 0, 2, 119, 1, 'b', 97, 1, 119, 1, 'a', 97, 2);
    assertEquals(
        ErlMap.of(a, Int.of(2), b, Int.of(1)),
        decoder.wrap(new UnsafeBuffer(unsorted), 0, unsorted.length).readVersionedTerm());
    // A repeated key, or a map cut short, after a map of the same first key.
    decodeMap(decoder, ErlMap.of(a, Int.of(1), b, Int.of(2)));
    byte[] repeated = bytes(131, 116, 0, 0, 0, 2, 119, 1, 'a', 97, 1, 119, 1, 'a', 97, 2);
    assertThrows(
        DecodeException.class,
        () -> decoder.wrap(new UnsafeBuffer(repeated), 0, repeated.length).readVersionedTerm());
    byte[] whole = encodeVersioned(new TermEncoder(), ErlMap.of(a, Int.of(1), b, Int.of(2)));
    assertEveryCutRefused(decoder, whole);
  }

  @Test
  void mapsWhoseKeysAreAtomCacheReferencesOrOffHeapAreReadRight() throws DecodeException {
    Atom a = Atom.of("a");
    Atom b = Atom.of("b");
    Atom[] refs = {a, b};
    TermEncoder caching =
        new TermEncoder(
            TermEncoder.DEFAULT_MAX_DEPTH, atom -> atom.equals(a) ? 0 : atom.equals(b) ? 1 : -1);
    TermDecoder decoder = new TermDecoder().atomCacheRefs(refs);
    for (Term map :
        List.of(
            ErlMap.of(a, Int.of(1), b, Int.of(2)),
            ErlMap.of(a, Int.of(3), b, Int.of(4)),
            ErlMap.of(b, Int.of(5), Atom.of("z"), Int.of(6)))) {
      byte[] encoded = encodeVersioned(caching, map);
      assertEquals(
          map, decoder.wrap(new UnsafeBuffer(encoded), 0, encoded.length).readVersionedTerm());
      byte[] plain = encodeVersioned(new TermEncoder(), map);
      UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(plain.length));
      direct.putBytes(0, plain);
      assertEquals(map, decoder.wrap(direct, 0, plain.length).readVersionedTerm());
    }
  }

  // Every proper prefix of `whole` is refused, read by the same decoder one after the other.
  private static void assertEveryCutRefused(TermDecoder decoder, byte[] whole) {
    for (int cut = 1; cut < whole.length; cut++) {
      int length = cut;
      assertThrows(
          DecodeException.class,
          () -> decoder.wrap(new UnsafeBuffer(whole), 0, length).readVersionedTerm());
    }
  }

  private static ErlMap decodeMap(TermDecoder decoder, ErlMap map) throws DecodeException {
    byte[] encoded = encodeVersioned(new TermEncoder(), map);
    Term decoded = decoder.wrap(new UnsafeBuffer(encoded), 0, encoded.length).readVersionedTerm();
    assertEquals(map, decoded);
    return (ErlMap) decoded;
  }

  private static byte[] encodeVersioned(TermEncoder encoder, Term term) {
    org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(16);
    int length = encoder.encodeVersioned(term, buffer, 0);
    return Arrays.copyOf(buffer.byteArray(), length);
  }

  @Test
  void readsConsecutiveTermsFromOneBuffer() throws DecodeException {
    UnsafeBuffer buffer = new UnsafeBuffer(bytes(0, 131, 97, 1, 131, 119, 1, 'x', 0));
    TermDecoder decoder = new TermDecoder().wrap(buffer, 1, 7);
    assertEquals(Int.of(1), decoder.readVersionedTerm());
    assertEquals(Atom.of("x"), decoder.readVersionedTerm());
    assertEquals(0, decoder.remaining());
  }

  @Test
  void reusesCachedAtomsAndStaysBounded() throws DecodeException {
    AtomCache cache = new AtomCache(16);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT, cache);
    byte[] input = bytes(131, 119, 3, 'f', 'o', 'o');
    Term first = decoder.wrap(new UnsafeBuffer(input), 0, input.length).readVersionedTerm();
    Term second = decoder.wrap(new UnsafeBuffer(input), 0, input.length).readVersionedTerm();
    assertSame(first, second);
    for (int i = 0; i < 10_000; i++) {
      byte[] other = Etf.termToBinary(Atom.of("atom" + i));
      decoder.wrap(new UnsafeBuffer(other), 0, other.length).readVersionedTerm();
    }
  }

  @Test
  void decodesBignumsAtTheLongBoundary() throws DecodeException {
    BigInteger twoTo63 = BigInteger.TWO.pow(63);
    assertEquals(BigInt.class, Etf.binaryToTerm(Etf.termToBinary(Int.of(twoTo63))).getClass());
    assertEquals(
        Int.of(Long.MIN_VALUE), Etf.binaryToTerm(Etf.termToBinary(Int.of(twoTo63.negate()))));
  }

  /** LIST_EXT of {@code count} copies of {@code element}, then NIL_EXT. */
  private static byte[] listOf(int count, int... element) {
    byte[] bytes = new byte[6 + count * element.length + 1];
    bytes[0] = (byte) 131;
    bytes[1] = 108;
    bytes[2] = (byte) (count >>> 24);
    bytes[3] = (byte) (count >>> 16);
    bytes[4] = (byte) (count >>> 8);
    bytes[5] = (byte) count;
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < element.length; j++) {
        bytes[6 + i * element.length + j] = (byte) element[j];
      }
    }
    bytes[bytes.length - 1] = 106;
    return bytes;
  }

  private static Term decode(byte[] input, DecodeLimits limits) throws DecodeException {
    return new TermDecoder(limits)
        .wrap(new UnsafeBuffer(input), 0, input.length)
        .readVersionedTerm();
  }

  @Test
  void refusesAListOfNilsPastTheDecodedSizeLimitBeforeAllocatingIt() {
    // 100 000 bytes of NIL_EXT would take 400 000 bytes of references.
    byte[] nils = listOf(100_000, 106);
    DecodeException error =
        assertThrows(
            DecodeException.class,
            () -> decode(nils, DecodeLimits.DEFAULT.withMaxDecodedSize(200_000)));
    assertEquals(1, error.offset());
    assertTrue(error.reason().contains("more than the limit of 200000 bytes"), error::getMessage);
  }

  @Test
  void refusesAListOfSmallTuplesAsItsElementsPassTheLimit() throws DecodeException {
    // {[]} is 3 bytes on the wire and about 44 on the heap.
    byte[] tuples = listOf(10_000, 104, 1, 106);
    DecodeLimits limits = DecodeLimits.DEFAULT.withMaxDecodedSize(100_000);
    DecodeException error = assertThrows(DecodeException.class, () -> decode(tuples, limits));
    assertTrue(error.offset() > 6 && error.offset() < tuples.length, error::getMessage);
    assertEquals(1000, ((ErlList) decode(listOf(1000, 104, 1, 106), limits)).size());
  }

  @Test
  void countsCopiedBinariesButNotSlicedOnes() throws DecodeException {
    byte[] binary = binaryExt(200);
    DecodeLimits limits = DecodeLimits.DEFAULT.withMaxDecodedSize(100);
    assertThrows(DecodeException.class, () -> decode(binary, limits));
    assertEquals(200, ((Binary) decode(binary, limits.withSliceBinaries(true))).length());
  }

  @Test
  void countsTheInflatedBytesOfACompressedTerm() throws DecodeException {
    byte[] binary = Arrays.copyOfRange(binaryExt(200), 1, 206);
    byte[] squeezed = compressed(binary, binary.length);
    DecodeLimits limits = DecodeLimits.DEFAULT.withSliceBinaries(true).withMaxDecodedSize(200);
    assertEquals(200, ((Binary) decode(squeezed, limits.withMaxDecodedSize(500))).length());
    assertThrows(DecodeException.class, () -> decode(squeezed, limits));
  }

  @Test
  void givesEveryTermItsOwnBudget() throws DecodeException {
    byte[] tuples = listOf(1000, 104, 1, 106);
    UnsafeBuffer twice = new UnsafeBuffer(concat(tuples, tuples));
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT.withMaxDecodedSize(60_000));
    decoder.wrap(twice, 0, tuples.length * 2);
    assertEquals(1000, ((ErlList) decoder.readVersionedTerm()).size());
    assertEquals(1000, ((ErlList) decoder.readVersionedTerm()).size());
  }

  @Test
  void decodesLargeOrdinaryTermsWithinTheDefaultLimit() throws DecodeException {
    Term[] records = new Term[20_000];
    for (int i = 0; i < records.length; i++) {
      records[i] =
          Tuple.of(
              Atom.of("user"),
              Int.of(100_000L * i),
              Binary.of("name " + i),
              ErlFloat.of(i / 3.0),
              ErlList.ofCodePoints("a string"));
    }
    Term term = ErlList.of(records);
    assertEquals(term, Etf.binaryToTerm(Etf.termToBinary(term)));
  }

  @Test
  void refusesANonPositiveDecodedSizeLimit() {
    assertThrows(IllegalArgumentException.class, () -> DecodeLimits.DEFAULT.withMaxDecodedSize(0));
  }

  @Test
  void sortsTheKeysOfAMapFromTheWireInMapKeyOrder() throws DecodeException {
    // OTP writes maps of more than 32 keys in its hash order; here they come in reverse, with
    // floats equal in value to integer keys (distinct keys, every integer sorting first).
    int size = 300;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes(131, 116, 0, 0, size >>> 8, size & 0xFF));
    List<Term> keys = new ArrayList<>();
    for (int i = size - 1; i >= 0; i--) {
      Term key = i % 2 == 0 ? Int.of(i) : ErlFloat.of(i - 1);
      keys.add(key);
      byte[] encoded = Etf.termToBinary(key);
      out.write(encoded, 1, encoded.length - 1);
      out.writeBytes(bytes(97, i % 256));
    }
    ErlMap map = (ErlMap) Etf.binaryToTerm(out.toByteArray());

    keys.sort(TermOrder::compareMapKeys);
    assertEquals(keys, List.copyOf(map.toMap().keySet()));
    assertEquals(Optional.of(Int.of(298 % 256)), map.get(Int.of(298)));
    assertEquals(Optional.of(Int.of(299 % 256)), map.get(ErlFloat.of(298)));
  }

  private static byte[] funWithSize(int size) {
    byte[] bytes = Etf.termToBinary(new TermGen(3).fun(0));
    bytes[2] = (byte) (size >>> 24);
    bytes[3] = (byte) (size >>> 16);
    bytes[4] = (byte) (size >>> 8);
    bytes[5] = (byte) size;
    return bytes;
  }

  static byte[] compressed(byte[] term, int declaredSize) {
    Deflater deflater = new Deflater();
    deflater.setInput(term);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(131);
    out.write(80);
    out.write(declaredSize >>> 24);
    out.write(declaredSize >>> 16);
    out.write(declaredSize >>> 8);
    out.write(declaredSize);
    byte[] chunk = new byte[4096];
    while (!deflater.finished()) {
      out.write(chunk, 0, deflater.deflate(chunk));
    }
    deflater.end();
    return out.toByteArray();
  }

  /** The bytes the current thread has allocated so far (HotSpot's per-thread counter). */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    return threads.getCurrentThreadAllocatedBytes();
  }

  /** What decoding {@code input} (which must be refused or decode) allocates, in bytes. */
  private static long allocationOfDecoding(byte[] input) {
    TermDecoder decoder = new TermDecoder();
    long before = allocatedBytes();
    try {
      decoder.wrap(new UnsafeBuffer(input), 0, input.length).readVersionedTerm();
    } catch (DecodeException refused) {
      // Either way, only the allocation counts here.
    }
    return allocatedBytes() - before;
  }

  /**
   * Fuzzing finding 2: {@code 131, 80} and a declared size of 64 MiB (the default limit) made the
   * decoder allocate 64 MiB before inflating anything. Now a tiny input that inflates to two bytes
   * allocates a few kilobytes, and is refused as shorter than it declares.
   */
  @Test
  void aTinyCompressedTermDeclaringSixtyFourMebibytesAllocatesOnlyWhatItInflates() {
    int declared = DecodeLimits.DEFAULT.maxUncompressedSize();
    assertEquals(64 << 20, declared);
    byte[] input = compressed(bytes(97, 1), declared);
    assertTrue(input.length < 20, input.length + " bytes");
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () ->
                new TermDecoder()
                    .wrap(new UnsafeBuffer(input), 0, input.length)
                    .readVersionedTerm());
    assertTrue(e.getMessage().contains("does not inflate to the declared"), e.getMessage());
    allocationOfDecoding(input); // loads and initialises what the first decoding touches
    long allocated = allocationOfDecoding(input);
    assertTrue(allocated < 256 * 1024, allocated + " bytes allocated");
  }

  /**
   * A compressed term that truly inflates to 1 MiB while declaring 64 MiB allocates a small
   * multiple of the megabyte it inflates (the output doubles as it fills), not what it declares.
   */
  @Test
  void aCompressedTermDeclaringMoreThanItInflatesAllocatesInProportionToWhatItInflates() {
    byte[] term = new byte[5 + (1 << 20)];
    term[0] = 109; // BINARY_EXT
    term[1] = 0;
    term[2] = 0x10; // 1 MiB
    byte[] input = compressed(term, 64 << 20);
    assertTrue(input.length < 8 * 1024, input.length + " bytes");
    allocationOfDecoding(input);
    long allocated = allocationOfDecoding(input);
    assertTrue(allocated < 8L << 20, allocated + " bytes allocated");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
