package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-exact expectations, each taken from OTP 25's term_to_binary(T, [{minor_version, 2}]). */
class TermEncoderTest {

  static Stream<Arguments> otpEncodings() {
    return Stream.of(
        Arguments.of(Int.of(0), bytes(131, 97, 0)),
        Arguments.of(Int.of(255), bytes(131, 97, 255)),
        Arguments.of(Int.of(256), bytes(131, 98, 0, 0, 1, 0)),
        Arguments.of(Int.of(-1), bytes(131, 98, 255, 255, 255, 255)),
        Arguments.of(Int.of(1L << 31), bytes(131, 110, 4, 0, 0, 0, 0, 128)),
        Arguments.of(Int.of(-(1L << 31)), bytes(131, 98, 128, 0, 0, 0)),
        Arguments.of(Int.of(Long.MIN_VALUE), bytes(131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 128)),
        Arguments.of(
            Int.of(BigInteger.TWO.pow(64)), bytes(131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
        Arguments.of(ErlFloat.of(1.5), bytes(131, 70, 63, 248, 0, 0, 0, 0, 0, 0)),
        Arguments.of(ErlFloat.of(-0.0), bytes(131, 70, 128, 0, 0, 0, 0, 0, 0, 0)),
        Arguments.of(Atom.of("ok"), bytes(131, 119, 2, 'o', 'k')),
        Arguments.of(Atom.of("é"), bytes(131, 119, 2, 0xC3, 0xA9)),
        Arguments.of(ErlList.NIL, bytes(131, 106)),
        Arguments.of(ErlList.ofCodePoints("abc"), bytes(131, 107, 0, 3, 'a', 'b', 'c')),
        Arguments.of(
            ErlList.ofCodePoints("é€"),
            bytes(131, 108, 0, 0, 0, 2, 97, 233, 98, 0, 0, 32, 172, 106)),
        Arguments.of(
            ErlList.improper(List.of(Int.of(1)), Int.of(2)),
            bytes(131, 108, 0, 0, 0, 1, 97, 1, 97, 2)),
        Arguments.of(Tuple.EMPTY, bytes(131, 104, 0)),
        Arguments.of(
            Tuple.of(Atom.of("msg"), Int.of(42)),
            bytes(131, 104, 2, 119, 3, 'm', 's', 'g', 97, 42)),
        Arguments.of(Binary.of(new byte[] {1, 2}), bytes(131, 109, 0, 0, 0, 2, 1, 2)),
        Arguments.of(
            BitBinary.of(new byte[] {(byte) 0xFF}, 3), bytes(131, 77, 0, 0, 0, 1, 3, 0xE0)),
        // Map keys in OTP's map key order: any integer before any float.
        Arguments.of(
            ErlMap.of(ErlFloat.of(1.0), Atom.of("a"), Int.of(2), Atom.of("b")),
            bytes(
                131, 116, 0, 0, 0, 2, 97, 2, 119, 1, 'b', 70, 63, 240, 0, 0, 0, 0, 0, 0, 119, 1,
                'a')),
        Arguments.of(
            new Pid(Atom.of("a@h"), 1, 2, 3),
            bytes(131, 88, 119, 3, 'a', '@', 'h', 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3)),
        Arguments.of(
            new Port(Atom.of("a@h"), (1L << 28) - 1, 1),
            bytes(131, 89, 119, 3, 'a', '@', 'h', 15, 255, 255, 255, 0, 0, 0, 1)),
        Arguments.of(
            new Port(Atom.of("a@h"), 1L << 28, 1),
            bytes(131, 120, 119, 3, 'a', '@', 'h', 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 1)),
        Arguments.of(
            Ref.of(Atom.of("a@h"), 1, 5),
            bytes(131, 90, 0, 1, 119, 3, 'a', '@', 'h', 0, 0, 0, 1, 0, 0, 0, 5)),
        Arguments.of(
            new ExportFun(Atom.of("m"), Atom.of("f"), 2),
            bytes(131, 113, 119, 1, 'm', 119, 1, 'f', 97, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otpEncodings")
  void encodesAsOtpDoes(Term term, byte[] expected) {
    assertArrayEquals(expected, Etf.termToBinary(term));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otpEncodings")
  void decodesWhatOtpWrites(Term expected, byte[] bytes) throws DecodeException {
    assertEquals(expected, Etf.binaryToTerm(bytes));
  }

  @Test
  void writesLongAtomsAsAtomUtf8Ext() {
    byte[] bytes = Etf.termToBinary(Atom.of("ж".repeat(255)));
    assertEquals(EtfTags.ATOM_UTF8_EXT, bytes[1] & 0xFF);
    assertEquals(510, ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF));
  }

  @Test
  void writesAtomsOfEveryLengthTheSameInsideContainersAsAlone() throws DecodeException {
    // 0, 1, 8 and 255 bytes: SMALL_ATOM_UTF8_EXT; 256 and 510 bytes: ATOM_UTF8_EXT.
    Atom[] atoms = {
      Atom.of(""),
      Atom.of("a"),
      Atom.of("eightchr"),
      Atom.of("a".repeat(255)),
      Atom.of("é".repeat(128)),
      Atom.of("ж".repeat(255))
    };
    ByteArrayOutputStream alone = new ByteArrayOutputStream();
    for (Atom atom : atoms) {
      byte[] bytes = Etf.termToBinary(atom);
      alone.write(bytes, 1, bytes.length - 1);
    }
    byte[] elements = alone.toByteArray();
    Term tuple = Tuple.of((Term[]) atoms);
    byte[] expected = new byte[3 + elements.length];
    expected[0] = (byte) 131;
    expected[1] = (byte) EtfTags.SMALL_TUPLE_EXT;
    expected[2] = (byte) atoms.length;
    System.arraycopy(elements, 0, expected, 3, elements.length);
    // A buffer that starts too small grows as each atom is written; a fixed one written at an
    // offset inside its array must hold the bytes exactly where the buffer says.
    ExpandableArrayBuffer growing = new ExpandableArrayBuffer(1);
    int length = new TermEncoder().encodeVersioned(tuple, growing, 0);
    assertArrayEquals(expected, Arrays.copyOf(growing.byteArray(), length));
    byte[] backing = new byte[expected.length + 20];
    org.agrona.concurrent.UnsafeBuffer slice =
        new org.agrona.concurrent.UnsafeBuffer(backing, 7, expected.length + 3);
    assertEquals(expected.length, new TermEncoder().encodeVersioned(tuple, slice, 2));
    assertArrayEquals(expected, Arrays.copyOfRange(backing, 9, 9 + expected.length));
    assertEquals(tuple, Etf.binaryToTerm(expected));
    Term list = ErlList.of((Term[]) atoms);
    assertEquals(list, Etf.binaryToTerm(Etf.termToBinary(list)));
  }

  @Test
  void writesByteListsOfMoreThan65535ElementsAsListExt() {
    Term[] elements = new Term[65_536];
    java.util.Arrays.fill(elements, Int.of(7));
    assertEquals(EtfTags.LIST_EXT, Etf.termToBinary(ErlList.of(elements))[1] & 0xFF);
    assertEquals(
        EtfTags.STRING_EXT,
        Etf.termToBinary(ErlList.of(Arrays.copyOf(elements, 65_535)))[1] & 0xFF);
  }

  @Test
  void writesAListThatKeepsItsBytesAsTheSameListOfIntegersIsWritten() throws DecodeException {
    // A list made from text, or read as STRING_EXT, is written from the bytes it keeps; a list of
    // the same integers made one by one is written element by element. Both must give OTP's bytes
    // (STRING_EXT up to 65535 elements, LIST_EXT beyond or with an integer above 255), into a
    // growing buffer, a fixed buffer at an offset in its array, and off-heap.
    String latin1 = "h\u00e9llo \u00ff\u0000 world";
    String[] texts = {
      "a",
      latin1,
      "x".repeat(255),
      "y".repeat(65_535),
      "z".repeat(65_536),
      latin1 + "\u20ac",
      "\u0100" + latin1
    };
    for (String text : texts) {
      Term[] integers = text.codePoints().mapToObj(Int::of).toArray(Term[]::new);
      byte[] expected = Etf.termToBinary(ErlList.of(integers));
      boolean string = text.length() <= 65_535 && text.chars().allMatch(c -> c <= 255);
      assertEquals(
          string ? EtfTags.STRING_EXT : EtfTags.LIST_EXT, expected[1] & 0xFF, "kind of " + text);
      ErlList fromText = ErlList.ofCodePoints(text);
      Term decoded = Etf.binaryToTerm(expected);
      for (Term term : List.of(fromText, decoded)) {
        assertArrayEquals(expected, Etf.termToBinary(term));
        ExpandableArrayBuffer growing = new ExpandableArrayBuffer(1);
        assertEquals(expected.length, new TermEncoder().encodeVersioned(term, growing, 3));
        assertArrayEquals(
            expected, Arrays.copyOfRange(growing.byteArray(), 3, 3 + expected.length));
        byte[] backing = new byte[expected.length + 20];
        org.agrona.concurrent.UnsafeBuffer slice =
            new org.agrona.concurrent.UnsafeBuffer(backing, 7, expected.length + 3);
        assertEquals(expected.length, new TermEncoder().encodeVersioned(term, slice, 2));
        assertArrayEquals(expected, Arrays.copyOfRange(backing, 9, 9 + expected.length));
        org.agrona.ExpandableDirectByteBuffer offHeap =
            new org.agrona.ExpandableDirectByteBuffer(8);
        assertEquals(expected.length, new TermEncoder().encodeVersioned(term, offHeap, 5));
        byte[] fromOffHeap = new byte[expected.length];
        offHeap.getBytes(5, fromOffHeap);
        assertArrayEquals(expected, fromOffHeap);
      }
      assertEquals(ErlList.of(integers), fromText);
      assertEquals(ErlList.of(integers), decoded);
      assertEquals(text, fromText.toCodePointString());
    }
  }

  @Test
  void writesLongsOutsideTheIntRangeAsSmallBigExtOfFourToEightBytes() throws DecodeException {
    // Each byte count from 4 to 8 at both of its ends, both signs, between two atoms, into a
    // fixed window of a larger array, a growing buffer and an off-heap one: the magnitude's bytes
    // little-endian, nothing written outside the term (the window is filled with 0x55 first).
    List<Long> values = new ArrayList<>();
    for (int n = 4; n <= 8; n++) {
      long lowest = 1L << (8 * (n - 1));
      long highest = n == 8 ? Long.MAX_VALUE : (1L << (8 * n)) - 1;
      for (long magnitude :
          new long[] {Math.max(lowest, 1L << 31), highest, 0x0102_0304_0506_0708L & highest}) {
        for (long value : new long[] {magnitude, -magnitude}) {
          if (magnitude >= lowest && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            values.add(value);
          }
        }
      }
    }
    values.add(Long.MIN_VALUE);
    values.add((long) Integer.MIN_VALUE - 1);
    for (long value : values) {
      java.math.BigInteger big = java.math.BigInteger.valueOf(value);
      byte[] magnitude = big.abs().toByteArray();
      int n = magnitude[0] == 0 ? magnitude.length - 1 : magnitude.length;
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes(bytes(131, 104, 3, 119, 1, 'a', 110, n, value < 0 ? 1 : 0));
      for (int i = 0; i < n; i++) {
        expected.write(magnitude[magnitude.length - 1 - i]);
      }
      expected.writeBytes(bytes(119, 1, 'z'));
      byte[] wanted = expected.toByteArray();
      Term term = Tuple.of(Atom.of("a"), Int.of(value), Atom.of("z"));
      assertArrayEquals(wanted, Etf.termToBinary(term), () -> "writing " + value);
      byte[] backing = new byte[wanted.length + 20];
      Arrays.fill(backing, (byte) 0x55);
      org.agrona.concurrent.UnsafeBuffer window =
          new org.agrona.concurrent.UnsafeBuffer(backing, 7, wanted.length + 6);
      assertEquals(wanted.length, new TermEncoder().encodeVersioned(term, window, 3));
      byte[] around = backing.clone();
      System.arraycopy(new byte[wanted.length], 0, around, 10, wanted.length);
      for (int i = 0; i < around.length; i++) {
        if (i < 10 || i >= 10 + wanted.length) {
          assertEquals(0x55, around[i] & 0xFF, "byte " + i + " outside the term, writing " + value);
        }
      }
      assertArrayEquals(wanted, Arrays.copyOfRange(backing, 10, 10 + wanted.length));
      org.agrona.ExpandableDirectByteBuffer offHeap = new org.agrona.ExpandableDirectByteBuffer(4);
      assertEquals(wanted.length, new TermEncoder().encodeVersioned(term, offHeap, 1));
      byte[] fromOffHeap = new byte[wanted.length];
      offHeap.getBytes(1, fromOffHeap);
      assertArrayEquals(wanted, fromOffHeap);
      assertEquals(term, Etf.binaryToTerm(wanted));
      // Alone, as the last bytes of a window that ends exactly there.
      byte[] alone = Arrays.copyOfRange(wanted, 6, 6 + 3 + n);
      byte[] larger = new byte[alone.length + 16];
      Arrays.fill(larger, (byte) 0x55);
      org.agrona.concurrent.UnsafeBuffer exact =
          new org.agrona.concurrent.UnsafeBuffer(larger, 4, alone.length);
      assertEquals(alone.length, new TermEncoder().encode(Int.of(value), exact, 0));
      assertArrayEquals(alone, Arrays.copyOfRange(larger, 4, 4 + alone.length));
      for (int i = 4 + alone.length; i < larger.length; i++) {
        assertEquals(0x55, larger[i] & 0xFF, "byte after the window, writing " + value);
      }
    }
  }

  @Test
  void writesBignumsOfMoreThan255BytesAsLargeBigExt() {
    byte[] bytes = Etf.termToBinary(Int.of(BigInteger.TWO.pow(2040).negate()));
    assertArrayEquals(bytes(131, 111, 0, 0, 1, 0, 1), Arrays.copyOf(bytes, 7));
  }

  @Test
  void patchesTheSizeOfAFunAfterItsEnvironment() throws DecodeException {
    Fun fun = new TermGen(7).fun(2);
    byte[] bytes = Etf.termToBinary(fun);
    long size =
        ((bytes[2] & 0xFFL) << 24)
            | ((bytes[3] & 0xFF) << 16)
            | ((bytes[4] & 0xFF) << 8)
            | (bytes[5] & 0xFF);
    assertEquals(bytes.length - 2, size);
    assertEquals(fun, Etf.binaryToTerm(bytes));
  }

  @Test
  void encodesIntoAReusedBufferAtAnOffset() {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
    TermEncoder encoder = new TermEncoder();
    int length = encoder.encodeVersioned(Tuple.of(Atom.OK, Binary.of(new byte[100])), buffer, 10);
    assertEquals(1 + 2 + 4 + 5 + 100, length);
    assertEquals(131, buffer.getByte(10) & 0xFF);
  }

  @Test
  void refusesTermsDeeperThanItsLimit() {
    Term deep = ErlList.NIL;
    for (int i = 0; i < 20; i++) {
      deep = Tuple.of(deep);
    }
    Term tooDeep = deep;
    assertThrows(
        EncodeException.class,
        () -> new TermEncoder(10).encode(tooDeep, new ExpandableArrayBuffer(), 0));
  }

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void binaryRefsTakeTheBytesOfLargeBinariesAndSplicingThemBackGivesTheSameBytes() {
    Binary big = Binary.of(new byte[3000]);
    Binary alsoBig = Binary.wrap(new byte[5000], 1000, 2500);
    Term term = Tuple.of(Atom.of("parts"), big, ErlList.of(Binary.of("small"), alsoBig), Int.of(7));
    List<Binary> taken = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    TermEncoder splitting =
        new TermEncoder(
            TermEncoder.DEFAULT_MAX_DEPTH,
            null,
            (binary, at) -> {
              if (binary.length() < 1000) {
                return false;
              }
              taken.add(binary);
              positions.add(at);
              return true;
            });
    ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
    int length = splitting.encode(term, out, 0);

    assertEquals(List.of(big, alsoBig), taken);
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    int from = 0;
    for (int i = 0; i < taken.size(); i++) {
      spliced.write(out.byteArray(), from, positions.get(i) - from);
      spliced.writeBytes(taken.get(i).toByteArray());
      from = positions.get(i);
    }
    spliced.write(out.byteArray(), from, length - from);
    ExpandableArrayBuffer whole = new ExpandableArrayBuffer(64);
    int wholeLength = new TermEncoder().encode(term, whole, 0);
    assertArrayEquals(Arrays.copyOf(whole.byteArray(), wholeLength), spliced.toByteArray());
  }
}
