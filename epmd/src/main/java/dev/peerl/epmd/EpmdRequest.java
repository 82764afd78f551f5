package dev.peerl.epmd;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The requests EPMD understands. {@link #encode()} gives the bytes on the wire, length prefix
 * included:
 *
 * <pre>
 * +-----------+--------+--------------------+
 * | Length:16 | Code:8 | request fields ... |   Length counts Code and the fields
 * +-----------+--------+--------------------+
 * </pre>
 */
public sealed interface EpmdRequest {

  /** The request as OTP names it, for messages. */
  String describe();

  /** The request with its 2-byte length prefix. */
  ByteString encode();

  /** Registers a node for as long as the connection stays open. */
  record Alive2(NodeInfo node) implements EpmdRequest {
    @Override
    public String describe() {
      return "ALIVE2_REQ(" + node.name() + ")";
    }

    @Override
    public ByteString encode() {
      byte[] name = node.name().getBytes(StandardCharsets.UTF_8);
      ByteStringBuilder body = new ByteStringBuilder();
      body.putByte((byte) EpmdRequests.ALIVE2_REQ);
      body.putShort(node.port(), ByteOrder.BIG_ENDIAN);
      body.putByte((byte) node.nodeType());
      body.putByte((byte) node.protocol());
      body.putShort(node.highestVersion(), ByteOrder.BIG_ENDIAN);
      body.putShort(node.lowestVersion(), ByteOrder.BIG_ENDIAN);
      body.putShort(name.length, ByteOrder.BIG_ENDIAN);
      body.putBytes(name);
      body.putShort(node.extra().size(), ByteOrder.BIG_ENDIAN);
      body.append(node.extra());
      return prefixed(body.result());
    }
  }

  /** Asks for the port and versions of a node by name. */
  record PortPlease2(String name) implements EpmdRequest {
    @Override
    public String describe() {
      return "PORT_PLEASE2_REQ(" + name + ")";
    }

    @Override
    public ByteString encode() {
      return prefixed(codeAndName(EpmdRequests.PORT_PLEASE2_REQ, name));
    }
  }

  /** Asks for all registered names. */
  enum Names implements EpmdRequest {
    INSTANCE;

    @Override
    public String describe() {
      return "NAMES_REQ";
    }

    @Override
    public ByteString encode() {
      return prefixed(ByteString.fromArray(new byte[] {(byte) EpmdRequests.NAMES_REQ}));
    }
  }

  /** Asks for a debugging dump of live and old names. */
  enum Dump implements EpmdRequest {
    INSTANCE;

    @Override
    public String describe() {
      return "DUMP_REQ";
    }

    @Override
    public ByteString encode() {
      return prefixed(ByteString.fromArray(new byte[] {(byte) EpmdRequests.DUMP_REQ}));
    }
  }

  /** Asks the daemon to exit. */
  enum Kill implements EpmdRequest {
    INSTANCE;

    @Override
    public String describe() {
      return "KILL_REQ";
    }

    @Override
    public ByteString encode() {
      return prefixed(ByteString.fromArray(new byte[] {(byte) EpmdRequests.KILL_REQ}));
    }
  }

  /** Asks the daemon to forget a registered name. */
  record Stop(String name) implements EpmdRequest {
    @Override
    public String describe() {
      return "STOP_REQ(" + name + ")";
    }

    @Override
    public ByteString encode() {
      return prefixed(codeAndName(EpmdRequests.STOP_REQ, name));
    }
  }

  private static ByteString codeAndName(int code, String name) {
    return ByteString.fromArray(new byte[] {(byte) code})
        .concat(ByteString.fromString(name, StandardCharsets.UTF_8));
  }

  private static ByteString prefixed(ByteString body) {
    if (body.size() > 0xFFFF) {
      throw new IllegalArgumentException("EPMD request longer than 65535 bytes: " + body.size());
    }
    return new ByteStringBuilder()
        .putShort(body.size(), ByteOrder.BIG_ENDIAN)
        .append(body)
        .result();
  }
}
