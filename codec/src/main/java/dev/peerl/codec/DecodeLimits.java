package dev.peerl.codec;

/**
 * What the decoder accepts before it refuses with a {@link DecodeException}: every count and length
 * from the wire is checked against the bytes that remain and against these limits before anything
 * is allocated.
 *
 * @param maxDepth deepest nesting of tuples, lists, maps and fun environments
 * @param maxUncompressedSize largest size a compressed term may declare, in bytes
 * @param sliceBinaries whether binaries may share the decoded buffer's array instead of copying
 *     (only when the buffer wraps a {@code byte[]} that the caller will not reuse)
 * @param minSliceSize the smallest binary, in bytes, that is shared when {@code sliceBinaries}; a
 *     smaller one is copied, so that a few bytes kept do not keep a whole large buffer alive
 *     (BEAM's rule: binaries of up to 64 bytes live on the process heap, larger ones are shared)
 * @param maxDecodedSize the most heap, in bytes, that one decoded term may take, as the decoder
 *     estimates it (see {@link TermDecoder}): checked as the term is decoded, before each object is
 *     allocated. Ordinary terms take one to four times their encoded size (a byte string the most:
 *     a reference per byte), small containers more (up to about 15 times for a list of one-element
 *     tuples), so without this limit a message could take many times its size.
 */
public record DecodeLimits(
    int maxDepth,
    int maxUncompressedSize,
    boolean sliceBinaries,
    int minSliceSize,
    long maxDecodedSize) {
  /**
   * The default {@link #maxDecodedSize()}, 512 MiB: four times the runtime's default largest
   * message (128 MiB), so that a message of that size made of ordinary terms still decodes.
   */
  public static final long DEFAULT_MAX_DECODED_SIZE = 512L << 20;

  /** Depth 1024, compressed terms up to 64 MiB, binaries copied, terms of up to 512 MiB. */
  public static final DecodeLimits DEFAULT =
      new DecodeLimits(1024, 64 << 20, false, 0, DEFAULT_MAX_DECODED_SIZE);

  /** BEAM's limit for a binary kept on the process heap ({@code ERL_ONHEAP_BIN_LIMIT}). */
  public static final int BEAM_HEAP_BINARY_LIMIT = 64;

  public DecodeLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    if (maxUncompressedSize < 0) {
      throw new IllegalArgumentException(
          "maxUncompressedSize must be >= 0: " + maxUncompressedSize);
    }
    if (minSliceSize < 0) {
      throw new IllegalArgumentException("minSliceSize must be >= 0: " + minSliceSize);
    }
    if (maxDecodedSize < 1) {
      throw new IllegalArgumentException("maxDecodedSize must be positive: " + maxDecodedSize);
    }
  }

  /** Limits that slice every binary when {@code sliceBinaries}, with the default decoded size. */
  public DecodeLimits(int maxDepth, int maxUncompressedSize, boolean sliceBinaries) {
    this(maxDepth, maxUncompressedSize, sliceBinaries, 0, DEFAULT_MAX_DECODED_SIZE);
  }

  public DecodeLimits withMaxDepth(int depth) {
    return new DecodeLimits(
        depth, maxUncompressedSize, sliceBinaries, minSliceSize, maxDecodedSize);
  }

  public DecodeLimits withMaxUncompressedSize(int size) {
    return new DecodeLimits(maxDepth, size, sliceBinaries, minSliceSize, maxDecodedSize);
  }

  public DecodeLimits withSliceBinaries(boolean slice) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, slice, minSliceSize, maxDecodedSize);
  }

  /** Decoded terms may take at most {@code size} bytes of heap (see {@link #maxDecodedSize()}). */
  public DecodeLimits withMaxDecodedSize(long size) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, sliceBinaries, minSliceSize, size);
  }

  /**
   * Binaries shared only from {@code size} bytes on (with {@link #withSliceBinaries}); {@code
   * BEAM_HEAP_BINARY_LIMIT + 1} shares what BEAM would.
   */
  public DecodeLimits withMinSliceSize(int size) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, sliceBinaries, size, maxDecodedSize);
  }
}
