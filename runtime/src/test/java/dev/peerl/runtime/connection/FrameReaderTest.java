package dev.peerl.runtime.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private static final List<ByteString> FRAMES =
      List.of(
          pattern(1, 7),
          ByteString.emptyByteString(),
          pattern(2, 300),
          pattern(3, 1),
          pattern(4, 2000),
          ByteString.emptyByteString(),
          pattern(5, 5));

  private static ByteString pattern(int seed, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i);
    }
    return ByteString.fromArrayUnsafe(bytes);
  }

  private static ByteString wire(List<ByteString> frames) {
    ByteString bytes = ByteString.emptyByteString();
    for (ByteString frame : frames) {
      bytes = bytes.concat(FrameHeader.CONNECTED.prepend(frame));
    }
    return bytes.compact();
  }

  private static List<ByteString> read(FrameReader reader, List<ByteString> pieces) {
    List<ByteString> frames = new ArrayList<>();
    while (reader.hasFrame()) {
      frames.add(reader.nextFrame());
    }
    for (ByteString piece : pieces) {
      reader.append(piece);
      while (reader.hasFrame()) {
        frames.add(reader.nextFrame());
      }
    }
    assertEquals(0, reader.bufferedBytes());
    return frames;
  }

  private static FrameReader reader() {
    return new FrameReader(FrameHeader.CONNECTED, 4096);
  }

  @Test
  void cutsTheSameFramesWhereverTwoReadBoundariesFall() {
    ByteString bytes = wire(FRAMES);
    for (int first = 0; first <= bytes.size(); first++) {
      for (int second = first; second <= bytes.size(); second += 7) {
        List<ByteString> pieces =
            List.of(bytes.take(first), bytes.slice(first, second), bytes.drop(second));
        assertEquals(FRAMES, read(reader(), pieces), "reads cut at " + first + ", " + second);
      }
    }
  }

  @Test
  void slicesAFrameThatArrivedWholeWithoutCopyingIt() {
    byte[] read = wire(List.of(pattern(1, 50), pattern(2, 60))).toArray();
    FrameReader reader = reader();
    reader.append(ByteString.fromArrayUnsafe(read));
    assertTrue(reader.hasFrame());
    assertSame(read, arrayOf(reader.nextFrame()));
    assertTrue(reader.hasFrame());
    assertSame(read, arrayOf(reader.nextFrame()));
  }

  private static byte[] arrayOf(ByteString slice) {
    return new UnsafeBuffer(slice.asByteBuffer()).byteArray();
  }

  @Test
  void refusesAnOversizedFrameAsSoonAsItsPrefixIsComplete() {
    FrameReader reader = new FrameReader(FrameHeader.CONNECTED, 1024);
    reader.append(ByteString.fromArray(new byte[] {0, 0, 4, 1, 7}));
    FrameTooLargeException error = assertThrows(FrameTooLargeException.class, reader::hasFrame);
    assertEquals(1025, error.length());
    assertEquals(1024, error.maxLength());
  }

  @Test
  void refusesAFrameLongerThanAnArrayCanBeWhateverTheLimit() {
    FrameReader reader = new FrameReader(FrameHeader.CONNECTED, FrameHeader.CONNECTED.maxLength());
    reader.append(ByteString.fromArray(new byte[] {(byte) 0x80, 0, 0, 0}));
    FrameTooLargeException error = assertThrows(FrameTooLargeException.class, reader::hasFrame);
    assertEquals(0x80000000L, error.length());
  }
}
