package dev.peerl.epmd;

import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * What a node tells EPMD about itself in ALIVE2_REQ and what EPMD tells others in PORT2_RESP.
 *
 * @param name the node name without the host part ({@code foo} for {@code foo@host})
 * @param port the TCP port the node accepts distribution connections on
 * @param nodeType {@link EpmdRequests#NODE_TYPE_NORMAL} or {@link EpmdRequests#NODE_TYPE_HIDDEN}
 *     (kept as the raw byte: an old or foreign node may send another)
 * @param protocol 0 for TCP/IPv4
 * @param highestVersion highest distribution version the node speaks (6 for OTP 23+)
 * @param lowestVersion lowest distribution version the node speaks (5 for OTP 23+)
 * @param extra opaque extra data, usually empty
 */
public record NodeInfo(
    String name,
    int port,
    int nodeType,
    int protocol,
    int highestVersion,
    int lowestVersion,
    ByteString extra) {

  public NodeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extra, "extra");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("empty node name or one with a NUL: '" + name + "'");
    }
    requireUnsigned("port", port, 0xFFFF);
    requireUnsigned("nodeType", nodeType, 0xFF);
    requireUnsigned("protocol", protocol, 0xFF);
    requireUnsigned("highestVersion", highestVersion, 0xFFFF);
    requireUnsigned("lowestVersion", lowestVersion, 0xFFFF);
    requireUnsigned("extra length", extra.size(), 0xFFFF);
  }

  /** A node of the given type speaking distribution versions 5 and 6 over TCP/IPv4. */
  public static NodeInfo of(String name, int port, NodeType type) {
    return new NodeInfo(
        name,
        port,
        type.code(),
        EpmdRequests.PROTOCOL_TCP_IPV4,
        EpmdRequests.HIGHEST_VERSION,
        EpmdRequests.LOWEST_VERSION,
        ByteString.emptyByteString());
  }

  public boolean hidden() {
    return nodeType == EpmdRequests.NODE_TYPE_HIDDEN;
  }

  private static void requireUnsigned(String what, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + value);
    }
  }
}
