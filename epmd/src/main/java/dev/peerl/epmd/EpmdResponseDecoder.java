package dev.peerl.epmd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Decodes EPMD answers on the client side. Answers are not length-prefixed and may arrive in any
 * number of TCP reads, so each method takes everything received so far and answers empty until the
 * answer is complete; bytes that cannot start a valid answer fail at once with an {@link
 * EpmdException}.
 */
final class EpmdResponseDecoder {
  private static final String NAME_PREFIX = "name ";
  private static final String PORT_INFIX = " at port ";

  /** PORT2_RESP: {@code node} is empty when EPMD does not know the name. */
  record Port2(Optional<NodeInfo> node) {}

  private final String epmd;
  private final EpmdRequest request;

  EpmdResponseDecoder(String epmd, EpmdRequest request) {
    this.epmd = epmd;
    this.request = request;
  }

  /**
   * The creation of an ALIVE2_X_RESP ({@code 118, Result:8, Creation:32}) or an old ALIVE2_RESP
   * ({@code 121, Result:8, Creation:16}).
   */
  Optional<Long> alive2(ByteString received) {
    if (received.isEmpty()) {
      return Optional.empty();
    }
    int code = received.apply(0) & 0xFF;
    int length;
    if (code == EpmdRequests.ALIVE2_X_RESP) {
      length = 6;
    } else if (code == EpmdRequests.ALIVE2_RESP) {
      length = 4;
    } else {
      throw failure("unexpected answer code " + code + " (expected 118 or 121)");
    }
    if (received.size() < length) {
      return Optional.empty();
    }
    int result = received.apply(1) & 0xFF;
    if (result != EpmdRequests.RESULT_OK) {
      throw failure("registration refused (result " + result + "): is the name already in use?");
    }
    long creation = length == 6 ? u32(received, 2) : u16(received, 2);
    return Optional.of(creation);
  }

  /**
   * PORT2_RESP: {@code 119, Result:8} and, when Result is 0, {@code PortNo:16, NodeType:8,
   * Protocol:8, HighestVersion:16, LowestVersion:16, Nlen:16, NodeName, Elen:16, Extra}.
   */
  Optional<Port2> port2(ByteString received) {
    if (received.isEmpty()) {
      return Optional.empty();
    }
    int code = received.apply(0) & 0xFF;
    if (code != EpmdRequests.PORT2_RESP) {
      throw failure("unexpected answer code " + code + " (expected 119)");
    }
    if (received.size() < 2) {
      return Optional.empty();
    }
    if ((received.apply(1) & 0xFF) != EpmdRequests.RESULT_OK) {
      return Optional.of(new Port2(Optional.empty()));
    }
    if (received.size() < 12) {
      return Optional.empty();
    }
    int nameLength = u16(received, 10);
    int extraLengthAt = 12 + nameLength;
    if (received.size() < extraLengthAt + 2) {
      return Optional.empty();
    }
    int extraLength = u16(received, extraLengthAt);
    int end = extraLengthAt + 2 + extraLength;
    if (received.size() < end) {
      return Optional.empty();
    }
    String name = received.slice(12, extraLengthAt).decodeString(StandardCharsets.UTF_8);
    try {
      return Optional.of(
          new Port2(
              Optional.of(
                  new NodeInfo(
                      name,
                      u16(received, 2),
                      received.apply(4) & 0xFF,
                      received.apply(5) & 0xFF,
                      u16(received, 6),
                      u16(received, 8),
                      received.slice(extraLengthAt + 2, end).compact()))));
    } catch (IllegalArgumentException e) {
      throw failure("invalid PORT2_RESP: " + e.getMessage());
    }
  }

  /**
   * A NAMES answer, complete once EPMD closed the connection: {@code EPMDPortNo:32}, then one
   * {@code "name NAME at port PORT\n"} line per node.
   */
  List<RegisteredNode> names(ByteString received) {
    if (received.size() < 4) {
      throw failure("connection closed after " + received.size() + " bytes of a NAMES answer");
    }
    String text = received.drop(4).decodeString(StandardCharsets.UTF_8);
    List<RegisteredNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        nodes.add(namesLine(line));
      }
    }
    return List.copyOf(nodes);
  }

  /** The EPMD port a NAMES answer starts with, once 4 bytes have arrived. */
  Optional<Long> namesPort(ByteString received) {
    return received.size() < 4 ? Optional.empty() : Optional.of(u32(received, 0));
  }

  EpmdException failure(String reason) {
    return new EpmdException(epmd, request.describe(), reason);
  }

  private RegisteredNode namesLine(String line) {
    int at = line.lastIndexOf(PORT_INFIX);
    if (!line.startsWith(NAME_PREFIX) || at < NAME_PREFIX.length()) {
      throw failure("unreadable NAMES line: '" + line + "'");
    }
    try {
      int port = Integer.parseInt(line.substring(at + PORT_INFIX.length()).trim());
      return new RegisteredNode(line.substring(NAME_PREFIX.length(), at), port);
    } catch (NumberFormatException e) {
      throw failure("unreadable port in NAMES line: '" + line + "'");
    }
  }

  private static int u16(ByteString bytes, int offset) {
    return ((bytes.apply(offset) & 0xFF) << 8) | (bytes.apply(offset + 1) & 0xFF);
  }

  private static long u32(ByteString bytes, int offset) {
    return ((long) u16(bytes, offset) << 16) | u16(bytes, offset + 2);
  }
}
