package dev.peerl.codec;

/**
 * The tags of the External Term Format, named as {@code erl_ext_dist} names them. Tags marked
 * "decode only" are read for compatibility but never written, as OTP 25 writes none of them.
 */
public final class EtfTags {
  private EtfTags() {}

  /** The version byte that starts a term outside a distribution header. */
  public static final int VERSION = 131;

  /**
   * {@code 131, 80, UncompressedSize:32, zlib data}: written by {@code term_to_binary(T,
   * [compressed])}.
   */
  public static final int COMPRESSED = 80;

  /** {@code 131, 68}: distribution header with an atom cache (erl_ext_dist 3). */
  public static final int DIST_HEADER = 68;

  /** {@code 131, 69}: first fragment of a fragmented distribution message. */
  public static final int DIST_FRAG_HEADER = 69;

  /** {@code 131, 70}: a following fragment. */
  public static final int DIST_FRAG_CONT = 70;

  public static final int NEW_FLOAT_EXT = 70;
  public static final int BIT_BINARY_EXT = 77;
  public static final int ATOM_CACHE_REF = 82;
  public static final int NEW_PID_EXT = 88;
  public static final int NEW_PORT_EXT = 89;
  public static final int NEWER_REFERENCE_EXT = 90;
  public static final int SMALL_INTEGER_EXT = 97;
  public static final int INTEGER_EXT = 98;

  /** Decode only: 31 bytes of {@code "%.20e"} text. */
  public static final int FLOAT_EXT = 99;

  /** Decode only: Latin-1 atom, 2-byte length. */
  public static final int ATOM_EXT = 100;

  /** Decode only: Node, ID:32, Creation:8. */
  public static final int REFERENCE_EXT = 101;

  /** Decode only: Node, ID:32, Creation:8. */
  public static final int PORT_EXT = 102;

  /** Decode only: Node, ID:32, Serial:32, Creation:8. */
  public static final int PID_EXT = 103;

  public static final int SMALL_TUPLE_EXT = 104;
  public static final int LARGE_TUPLE_EXT = 105;
  public static final int NIL_EXT = 106;
  public static final int STRING_EXT = 107;
  public static final int LIST_EXT = 108;
  public static final int BINARY_EXT = 109;
  public static final int SMALL_BIG_EXT = 110;
  public static final int LARGE_BIG_EXT = 111;
  public static final int NEW_FUN_EXT = 112;
  public static final int EXPORT_EXT = 113;

  /** Decode only: Len:16, Node, Creation:8, Len x ID:32. */
  public static final int NEW_REFERENCE_EXT = 114;

  /** Decode only: Latin-1 atom, 1-byte length. */
  public static final int SMALL_ATOM_EXT = 115;

  public static final int MAP_EXT = 116;
  public static final int ATOM_UTF8_EXT = 118;
  public static final int SMALL_ATOM_UTF8_EXT = 119;
  public static final int V4_PORT_EXT = 120;

  /** OTP 26+ node-local encoding: never valid on the wire. */
  public static final int LOCAL_EXT = 121;
}
