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
 */
public record DecodeLimits(int maxDepth, int maxUncompressedSize, boolean sliceBinaries) {
  /** Depth 1024, compressed terms up to 64 MiB, binaries copied. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(1024, 64 << 20, false);

  public DecodeLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
    }
    if (maxUncompressedSize < 0) {
      throw new IllegalArgumentException(
          "maxUncompressedSize must be >= 0: " + maxUncompressedSize);
    }
  }

  public DecodeLimits withMaxDepth(int depth) {
    return new DecodeLimits(depth, maxUncompressedSize, sliceBinaries);
  }

  public DecodeLimits withMaxUncompressedSize(int size) {
    return new DecodeLimits(maxDepth, size, sliceBinaries);
  }

  public DecodeLimits withSliceBinaries(boolean slice) {
    return new DecodeLimits(maxDepth, maxUncompressedSize, slice);
  }
}
