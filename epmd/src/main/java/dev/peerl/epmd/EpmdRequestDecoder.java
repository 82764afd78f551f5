package dev.peerl.epmd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Decodes one request body (length prefix already removed by {@link EpmdRequestFraming}) as OTP's
 * epmd does in {@code do_request}: every length is checked against the bytes present, names must be
 * UTF-8 of 1 to 255 characters without NUL.
 */
final class EpmdRequestDecoder {
  /** Code, port, type, protocol, highest, lowest, name length, extra length. */
  private static final int ALIVE2_FIXED_BYTES = 13;

  private EpmdRequestDecoder() {}

  static EpmdRequest decode(ByteString body) {
    if (body.isEmpty()) {
      throw new InvalidRequestException("empty request", true);
    }
    int code = body.apply(0) & 0xFF;
    return switch (code) {
      case EpmdRequests.ALIVE2_REQ -> alive2(body);
      case EpmdRequests.PORT_PLEASE2_REQ -> new EpmdRequest.PortPlease2(nameAfterCode(body));
      case EpmdRequests.NAMES_REQ -> EpmdRequest.Names.INSTANCE;
      case EpmdRequests.DUMP_REQ -> EpmdRequest.Dump.INSTANCE;
      case EpmdRequests.KILL_REQ -> EpmdRequest.Kill.INSTANCE;
      case EpmdRequests.STOP_REQ -> new EpmdRequest.Stop(nameAfterCode(body));
      default -> throw new InvalidRequestException("unknown request code " + code, true);
    };
  }

  private static EpmdRequest alive2(ByteString body) {
    int size = body.size();
    if (size <= ALIVE2_FIXED_BYTES) {
      throw new InvalidRequestException("ALIVE2_REQ too short: " + size + " bytes", true);
    }
    int port = u16(body, 1);
    int nodeType = body.apply(3) & 0xFF;
    int protocol = body.apply(4) & 0xFF;
    int highest = u16(body, 5);
    int lowest = u16(body, 7);
    int nameLength = u16(body, 9);
    if ((long) ALIVE2_FIXED_BYTES + nameLength > size) {
      throw new InvalidRequestException(
          "ALIVE2_REQ name length " + nameLength + " exceeds the " + size + "-byte request", true);
    }
    int extraLength = u16(body, 11 + nameLength);
    if ((long) ALIVE2_FIXED_BYTES + nameLength + extraLength > size) {
      throw new InvalidRequestException(
          "ALIVE2_REQ extra length " + extraLength + " exceeds the " + size + "-byte request",
          true);
    }
    String name = name(body.slice(11, 11 + nameLength));
    int extraStart = ALIVE2_FIXED_BYTES + nameLength;
    ByteString extra = body.slice(extraStart, extraStart + extraLength).compact();
    return new EpmdRequest.Alive2(
        new NodeInfo(name, port, nodeType, protocol, highest, lowest, extra));
  }

  private static String nameAfterCode(ByteString body) {
    int end = body.size();
    // Old clients terminate the name with a NUL; OTP's epmd skips it.
    if (end > 1 && body.apply(end - 1) == 0) {
      end--;
    }
    return name(body.slice(1, end));
  }

  private static String name(ByteString bytes) {
    if (bytes.isEmpty()) {
      throw new InvalidRequestException("empty node name", true);
    }
    if (bytes.size() > EpmdRequests.MAX_NAME_BYTES) {
      throw new InvalidRequestException("node name of " + bytes.size() + " bytes", true);
    }
    if (bytes.indexOf((byte) 0) >= 0) {
      throw new InvalidRequestException("node name contains NUL", true);
    }
    String name;
    try {
      name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toArrayUnsafe()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("node name is not UTF-8", true);
    }
    if (name.codePointCount(0, name.length()) > EpmdRequests.MAX_NAME_CHARACTERS) {
      throw new InvalidRequestException("node name longer than 255 characters", true);
    }
    return name;
  }

  private static int u16(ByteString bytes, int offset) {
    return ((bytes.apply(offset) & 0xFF) << 8) | (bytes.apply(offset + 1) & 0xFF);
  }
}
