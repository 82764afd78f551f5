package dev.peerl.epmd;

/**
 * EPMD wire constants, named as OTP names them in {@code erts/epmd/src/epmd_int.h} and the EPMD
 * section of {@code erl_dist_protocol}. Every request travels as {@code Length:16, Code:8, ...}; no
 * response is length-prefixed.
 */
public final class EpmdRequests {
  /** {@code 120, PortNo:16, NodeType:8, Protocol:8, HighestVersion:16, LowestVersion:16, ...}. */
  public static final int ALIVE2_REQ = 120;

  /** {@code 118, Result:8, Creation:32}: the answer to a client whose highest version is 6+. */
  public static final int ALIVE2_X_RESP = 118;

  /**
   * {@code 121, Result:8, Creation:16}: the answer to an older client (highest version below 6).
   */
  public static final int ALIVE2_RESP = 121;

  /** {@code 122, NodeName}. */
  public static final int PORT_PLEASE2_REQ = 122;

  /** {@code 119, Result:8} and, when Result is 0, the node's ALIVE2 data. */
  public static final int PORT2_RESP = 119;

  /** {@code 110}; answered by {@code EPMDPortNo:32} then {@code "name N at port P\n"} lines. */
  public static final int NAMES_REQ = 110;

  /** {@code 100}; a debugging dump, answered like NAMES with more detail. */
  public static final int DUMP_REQ = 100;

  /** {@code 107}; answered {@code "OK"} (and the daemon exits) or {@code "NO"}. */
  public static final int KILL_REQ = 107;

  /** {@code 115, NodeName}; answered {@code "STOPPED"} or {@code "NOEXIST"}. */
  public static final int STOP_REQ = 115;

  /** Node type of a normal (published) node, {@code 'M'}. */
  public static final int NODE_TYPE_NORMAL = 77;

  /** Node type of a hidden node, {@code 'H'}. */
  public static final int NODE_TYPE_HIDDEN = 72;

  /** The only protocol OTP registers: TCP/IPv4. */
  public static final int PROTOCOL_TCP_IPV4 = 0;

  /** Distribution protocol versions of OTP 23+ (handshake 6 and 5). */
  public static final int HIGHEST_VERSION = 6;

  public static final int LOWEST_VERSION = 5;

  /** Result byte of a successful ALIVE2 or PORT2 answer; anything else is an error. */
  public static final int RESULT_OK = 0;

  /** The creation OTP's epmd puts in a refused ALIVE2 answer. */
  public static final int REFUSED_CREATION = 99;

  /** OTP's {@code MAXSYMLEN}: a node name is at most 255 characters of up to 4 UTF-8 bytes. */
  public static final int MAX_NAME_CHARACTERS = 255;

  public static final int MAX_NAME_BYTES = 255 * 4;

  /** The length prefix of every request. */
  public static final int REQUEST_LENGTH_BYTES = 2;

  private EpmdRequests() {}
}
