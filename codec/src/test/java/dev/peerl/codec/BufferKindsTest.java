package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The encoder and decoder take fast paths for array-backed buffers and checked paths for off-heap
 * ones: both must give the same bytes and terms, and stay inside their window.
 */
class BufferKindsTest {
  private static final int TERMS = 20_000;

  @Test
  void encodesTheSameBytesIntoOffHeapAndHeapBuffers() {
    TermGen gen = new TermGen(11);
    TermEncoder encoder = new TermEncoder();
    ExpandableArrayBuffer heap = new ExpandableArrayBuffer(16);
    ExpandableDirectByteBuffer direct = new ExpandableDirectByteBuffer(16);
    for (int i = 0; i < TERMS; i++) {
      Term term = gen.term(2);
      int heapLength = encoder.encodeVersioned(term, heap, 3);
      int directLength = encoder.encodeVersioned(term, direct, 5);
      assertEquals(heapLength, directLength, term::toString);
      byte[] fromHeap = new byte[heapLength];
      byte[] fromDirect = new byte[directLength];
      heap.getBytes(3, fromHeap);
      direct.getBytes(5, fromDirect);
      assertArrayEquals(fromHeap, fromDirect, term::toString);
    }
  }

  @Test
  void decodesTheSameTermsFromOffHeapBuffersAndWindowsOfArrays() throws DecodeException {
    TermGen gen = new TermGen(12);
    TermDecoder decoder = new TermDecoder();
    for (int i = 0; i < TERMS; i++) {
      Term term = gen.term(2);
      byte[] bytes = Etf.termToBinary(term);
      ByteBuffer offHeap = ByteBuffer.allocateDirect(bytes.length + 7);
      offHeap.position(7);
      offHeap.put(bytes);
      assertEquals(
          term, decoder.wrap(new UnsafeBuffer(offHeap), 7, bytes.length).readVersionedTerm());

      byte[] larger = new byte[bytes.length + 9];
      System.arraycopy(bytes, 0, larger, 4, bytes.length);
      UnsafeBuffer window = new UnsafeBuffer(larger, 4, bytes.length);
      assertEquals(term, decoder.wrap(window, 0, bytes.length).readVersionedTerm());
    }
  }

  @Test
  void staysInsideAWindowOfALargerArray() {
    byte[] larger = new byte[64];
    java.util.Arrays.fill(larger, (byte) 0x55);
    UnsafeBuffer window = new UnsafeBuffer(larger, 8, 16);
    Term tooBig = Binary.of(new byte[32]);
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> new TermEncoder().encodeVersioned(tooBig, window, 0));
    for (int i = 0; i < 8; i++) {
      assertEquals(0x55, larger[i] & 0xFF, "wrote before the window");
    }
    for (int i = 24; i < larger.length; i++) {
      assertEquals(0x55, larger[i] & 0xFF, "wrote past the window");
    }
  }

  @Test
  void neverWritesPastTheEndOfAWindowTooShortForTheTerm() {
    // Every window shorter than the term, inside a larger array: the encoder throws and leaves
    // every byte after the window as it was (terms whose parts are reserved together: pids and
    // references with their nodes, lists that keep their bytes, longs of 4 to 8 bytes).
    List<Term> terms = new ArrayList<>(List.of(TermMix.all()));
    terms.add(new Pid(Atom.of("n@h"), 1, 2, 3));
    terms.add(Ref.of(Atom.of("a-rather-longer-node@some.host"), 9, 1, 2, 3));
    terms.add(ErlList.ofCodePoints("bytes kept"));
    terms.add(Tuple.of(Int.of(1L << 40), Int.of(-(1L << 33)), Int.of(Long.MAX_VALUE)));
    for (Term term : terms) {
      int length = Etf.termToBinary(term).length;
      for (int window = 0; window < length; window++) {
        byte[] larger = new byte[length + 16];
        java.util.Arrays.fill(larger, (byte) 0x55);
        UnsafeBuffer tooShort = new UnsafeBuffer(larger, 3, window);
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> new TermEncoder().encodeVersioned(term, tooShort, 0),
            () -> term + " into " + tooShort.capacity() + " bytes");
        int past = 3 + window;
        while (past < larger.length && larger[past] == 0x55) {
          past++;
        }
        String where = "wrote at " + past + ", past a window of " + window + ": ";
        assertEquals(larger.length, past, () -> where + term);
      }
    }
  }

  @Test
  void refusesToWriteIntoAFixedBufferOneByteTooShort() {
    Term term = Tuple.of(Atom.of("msg"), Int.of(42));
    int length = Etf.termToBinary(term).length;
    UnsafeBuffer exact = new UnsafeBuffer(new byte[length]);
    assertEquals(length, new TermEncoder().encodeVersioned(term, exact, 0));
    UnsafeBuffer shortByOne = new UnsafeBuffer(new byte[length - 1]);
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> new TermEncoder().encodeVersioned(term, shortByOne, 0));
  }
}
