package dev.peerl.runtime.handshake;

import java.util.StringJoiner;

/**
 * The distribution capability flags exchanged in the handshake (erl_dist_protocol, "Distribution
 * Flags"; values as in OTP's {@code dist.hrl}, checked against OTP 25.2.3). A flag set is a {@code
 * long}: the handshake carries 64 bits.
 */
public final class DistFlags {
  /** The node takes part in global's protocol; set by visible (non-hidden) nodes. */
  public static final long DFLAG_PUBLISHED = 0x1L;

  public static final long DFLAG_EXTENDED_REFERENCES = 0x4L;
  public static final long DFLAG_DIST_MONITOR = 0x8L;
  public static final long DFLAG_FUN_TAGS = 0x10L;
  public static final long DFLAG_DIST_MONITOR_NAME = 0x20L;
  public static final long DFLAG_NEW_FUN_TAGS = 0x80L;
  public static final long DFLAG_EXTENDED_PIDS_PORTS = 0x100L;
  public static final long DFLAG_EXPORT_PTR_TAG = 0x200L;
  public static final long DFLAG_BIT_BINARIES = 0x400L;
  public static final long DFLAG_NEW_FLOATS = 0x800L;
  public static final long DFLAG_UNICODE_IO = 0x1000L;
  public static final long DFLAG_DIST_HDR_ATOM_CACHE = 0x2000L;
  public static final long DFLAG_SMALL_ATOM_TAGS = 0x4000L;
  public static final long DFLAG_UTF8_ATOMS = 0x10000L;
  public static final long DFLAG_MAP_TAG = 0x20000L;
  public static final long DFLAG_BIG_CREATION = 0x40000L;
  public static final long DFLAG_SEND_SENDER = 0x80000L;
  public static final long DFLAG_BIG_SEQTRACE_LABELS = 0x100000L;
  public static final long DFLAG_EXIT_PAYLOAD = 0x400000L;
  public static final long DFLAG_FRAGMENTS = 0x800000L;
  public static final long DFLAG_HANDSHAKE_23 = 0x1000000L;
  public static final long DFLAG_UNLINK_ID = 0x2000000L;

  /**
   * Stands for every flag of {@link #MANDATORY_OTP25}. Bit 26: the erl_dist_protocol page's {@code
   * 1 bsl 36} is wrong (PROTOCOL-NOTES section 1).
   */
  public static final long DFLAG_MANDATORY_25_DIGEST = 0x4000000L;

  public static final long DFLAG_SPAWN = 1L << 32;

  /** Asks the acceptor to name us (dynamic node names); Peerl never asks. */
  public static final long DFLAG_NAME_ME = 2L << 32;

  public static final long DFLAG_V4_NC = 4L << 32;
  public static final long DFLAG_ALIAS = 8L << 32;

  /** What OTP 25 refuses to connect without ({@code DFLAG_DIST_MANDATORY}): 0x1070F94. */
  public static final long MANDATORY_OTP25 =
      DFLAG_EXTENDED_REFERENCES
          | DFLAG_FUN_TAGS
          | DFLAG_NEW_FUN_TAGS
          | DFLAG_EXTENDED_PIDS_PORTS
          | DFLAG_EXPORT_PTR_TAG
          | DFLAG_BIT_BINARIES
          | DFLAG_NEW_FLOATS
          | DFLAG_UTF8_ATOMS
          | DFLAG_MAP_TAG
          | DFLAG_BIG_CREATION
          | DFLAG_HANDSHAKE_23;

  /**
   * What Peerl offers as a hidden node: OTP 25's mandatory set plus what OTP 26 made mandatory
   * (UNLINK_ID, V4_NC) and what the runtime implements (monitors, SEND_SENDER, EXIT_PAYLOAD, SPAWN,
   * ALIAS, the atom cache of DIST_HDR_ATOM_CACHE, FRAGMENTS). Not offered: PUBLISHED (needs
   * global's protocol; see {@link #offered(boolean)}).
   */
  public static final long PEERL_HIDDEN =
      MANDATORY_OTP25
          | DFLAG_UNLINK_ID
          | DFLAG_V4_NC
          | DFLAG_DIST_MONITOR
          | DFLAG_DIST_MONITOR_NAME
          | DFLAG_SEND_SENDER
          | DFLAG_EXIT_PAYLOAD
          | DFLAG_SPAWN
          | DFLAG_ALIAS
          | DFLAG_DIST_HDR_ATOM_CACHE
          | DFLAG_FRAGMENTS;

  private static final long[] VALUES = {
    DFLAG_PUBLISHED,
    DFLAG_EXTENDED_REFERENCES,
    DFLAG_DIST_MONITOR,
    DFLAG_FUN_TAGS,
    DFLAG_DIST_MONITOR_NAME,
    DFLAG_NEW_FUN_TAGS,
    DFLAG_EXTENDED_PIDS_PORTS,
    DFLAG_EXPORT_PTR_TAG,
    DFLAG_BIT_BINARIES,
    DFLAG_NEW_FLOATS,
    DFLAG_UNICODE_IO,
    DFLAG_DIST_HDR_ATOM_CACHE,
    DFLAG_SMALL_ATOM_TAGS,
    DFLAG_UTF8_ATOMS,
    DFLAG_MAP_TAG,
    DFLAG_BIG_CREATION,
    DFLAG_SEND_SENDER,
    DFLAG_BIG_SEQTRACE_LABELS,
    DFLAG_EXIT_PAYLOAD,
    DFLAG_FRAGMENTS,
    DFLAG_HANDSHAKE_23,
    DFLAG_UNLINK_ID,
    DFLAG_MANDATORY_25_DIGEST,
    DFLAG_SPAWN,
    DFLAG_NAME_ME,
    DFLAG_V4_NC,
    DFLAG_ALIAS
  };

  private static final String[] NAMES = {
    "PUBLISHED",
    "EXTENDED_REFERENCES",
    "DIST_MONITOR",
    "FUN_TAGS",
    "DIST_MONITOR_NAME",
    "NEW_FUN_TAGS",
    "EXTENDED_PIDS_PORTS",
    "EXPORT_PTR_TAG",
    "BIT_BINARIES",
    "NEW_FLOATS",
    "UNICODE_IO",
    "DIST_HDR_ATOM_CACHE",
    "SMALL_ATOM_TAGS",
    "UTF8_ATOMS",
    "MAP_TAG",
    "BIG_CREATION",
    "SEND_SENDER",
    "BIG_SEQTRACE_LABELS",
    "EXIT_PAYLOAD",
    "FRAGMENTS",
    "HANDSHAKE_23",
    "UNLINK_ID",
    "MANDATORY_25_DIGEST",
    "SPAWN",
    "NAME_ME",
    "V4_NC",
    "ALIAS"
  };

  private DistFlags() {}

  /** What this node offers: {@link #PEERL_HIDDEN}, plus PUBLISHED unless hidden. */
  public static long offered(boolean hidden) {
    return offered(hidden, true, true);
  }

  /**
   * What this node offers: {@link #PEERL_HIDDEN}, plus PUBLISHED unless hidden, less
   * DIST_HDR_ATOM_CACHE and FRAGMENTS when they are turned off (neither is mandatory).
   */
  public static long offered(boolean hidden, boolean atomCache, boolean fragments) {
    long flags = hidden ? PEERL_HIDDEN : PEERL_HIDDEN | DFLAG_PUBLISHED;
    if (!atomCache) {
      flags &= ~DFLAG_DIST_HDR_ATOM_CACHE;
    }
    if (!fragments) {
      flags &= ~DFLAG_FRAGMENTS;
    }
    return flags;
  }

  /** A peer's flags with MANDATORY_25_DIGEST replaced by the flags it stands for. */
  public static long expand(long flags) {
    return (flags & DFLAG_MANDATORY_25_DIGEST) != 0 ? flags | MANDATORY_OTP25 : flags;
  }

  /** The flags both sides use: ours and the peer's (expanded). */
  public static long chosen(long ours, long theirs) {
    return ours & expand(theirs);
  }

  /** The flags of {@link #MANDATORY_OTP25} that {@code flags} (expanded) lacks; 0 if none. */
  public static long missingMandatory(long flags) {
    return MANDATORY_OTP25 & ~expand(flags);
  }

  /**
   * Renders a flag set for logs, such as {@code 0x1000000000c [DIST_MONITOR, SPAWN, 0x800]}; bits
   * with no name show as hex.
   */
  public static String toString(long flags) {
    StringJoiner names = new StringJoiner(", ", "0x" + Long.toHexString(flags) + " [", "]");
    long unnamed = flags;
    for (int i = 0; i < VALUES.length; i++) {
      if ((flags & VALUES[i]) != 0) {
        names.add(NAMES[i]);
        unnamed &= ~VALUES[i];
      }
    }
    while (unnamed != 0) {
      long bit = Long.lowestOneBit(unnamed);
      names.add("0x" + Long.toHexString(bit));
      unnamed &= ~bit;
    }
    return names.toString();
  }
}
