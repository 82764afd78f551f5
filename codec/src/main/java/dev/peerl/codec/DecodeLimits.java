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
 */
public record DecodeLimits(
    int maxDepth, int maxUncompressedSize, boolean sliceBinaries, int minSliceSize) {
  /** Depth 1024, compressed terms up to 64 MiB, binaries copied. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(1024, 64 << 20, false, 0);

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
  }

  /** Limits that slice every binary when {@code sliceBinaries}. */
  public DecodeLimits(int maxDepth, int maxUncompressedSize, boolean sliceBinaries) {
    this(maxDepth, maxUncompressedSize, sliceBinaries, 0);
  }

  public DecodeLimits withMaxDepth(int depth) {
    return new DecodeLimits(depth, maxUncompressedSize, sliceBinaries, minSliceSize);
  }

  public DecodeLimits withMaxUncompressedSize(int size) {
    return new DecodeLimits(maxDepth, size, sliceBinaries, minSliceSize);
  }

  public DecodeLimits withSliceBinaries(boolean slice) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, slice, minSliceSize);
  }

  /**
   * Binaries shared only from {@code size} bytes on (with {@link #withSliceBinaries}); {@code
   * BEAM_HEAP_BINARY_LIMIT + 1} shares what BEAM would.
   */
  public DecodeLimits withMinSliceSize(int size) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, sliceBinaries, size);
  }
}
