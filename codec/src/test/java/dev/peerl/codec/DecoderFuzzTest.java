package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random bytes must only ever produce a term or a {@link DecodeException}: never
 * another exception, an error, or a hang. A short run in the suite; the seeds make failures
 * reproducible.
 */
class DecoderFuzzTest {
  private static final int ROUNDS = 100_000;

  @Test
  void mutatedEncodingsOnlyEverGiveATermOrADecodeException() {
    Random random = new Random(20261123);
    TermGen gen = new TermGen(random);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT.withMaxUncompressedSize(1 << 20));
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = Etf.termToBinary(gen.term(1));
      if (round % 10 == 0) {
        // Every tenth input goes through the compressed (131, 80) path.
        input =
            TermDecoderTest.compressed(
                java.util.Arrays.copyOfRange(input, 1, input.length), input.length - 1);
      }
      mutate(input, random);
      decodeExpectingNothingButDecodeException(decoder, input, round);
    }
  }

  @Test
  void randomBytesOnlyEverGiveATermOrADecodeException() {
    Random random = new Random(42);
    TermDecoder decoder = new TermDecoder(DecodeLimits.DEFAULT.withMaxUncompressedSize(1 << 20));
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = new byte[1 + random.nextInt(64)];
      random.nextBytes(input);
      input[0] = (byte) 131;
      if (input.length > 1 && random.nextInt(4) == 0) {
        // Steer toward valid tags so the decoder gets past the first byte.
        int[] tags = {
          70, 77, 80, 88, 89, 90, 97, 98, 104, 105, 107, 108, 109, 110, 111, 112, 113, 116, 118,
          119, 120
        };
        input[1] = (byte) tags[random.nextInt(tags.length)];
      }
      decodeExpectingNothingButDecodeException(decoder, input, round);
    }
  }

  private static void mutate(byte[] input, Random random) {
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      int at = 1 + random.nextInt(input.length - 1);
      switch (random.nextInt(4)) {
        case 0 -> input[at] = (byte) random.nextInt(256);
        case 1 -> input[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> input[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
        default -> input[at] = (byte) (input[at] + (random.nextBoolean() ? 1 : -1));
      }
    }
  }

  private static void decodeExpectingNothingButDecodeException(
      TermDecoder decoder, byte[] input, int round) {
    try {
      decoder.wrap(new UnsafeBuffer(input), 0, input.length).readVersionedTerm();
    } catch (DecodeException expected) {
      // The only acceptable failure.
    } catch (Throwable unexpected) {
      fail(
          "round "
              + round
              + ": "
              + unexpected
              + " for "
              + java.util.HexFormat.of().formatHex(input),
          unexpected);
    }
  }
}
