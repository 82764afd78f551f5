package dev.peerl.epmd;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/** The embedded server's answers, byte for byte as OTP's {@code epmd_srv.c} writes them. */
final class EpmdResponseEncoder {
  static final ByteString KILL_REFUSED = ByteString.fromString("NO");
  static final ByteString KILL_ACCEPTED = ByteString.fromString("OK");
  static final ByteString STOPPED = ByteString.fromString("STOPPED");
  static final ByteString NO_SUCH_NAME = ByteString.fromString("NOEXIST");

  private EpmdResponseEncoder() {}

  /**
   * ALIVE2_X_RESP ({@code 118, Result:8, Creation:32}) to a client of version 6+, else ALIVE2_RESP
   * ({@code 121, Result:8, Creation:16}); a refusal carries creation 99 as OTP's does.
   */
  static ByteString alive2(int clientHighestVersion, OptionalLong creation) {
    ByteStringBuilder out = new ByteStringBuilder();
    boolean ok = creation.isPresent();
    long value = creation.orElse(EpmdRequests.REFUSED_CREATION);
    if (clientHighestVersion >= 6) {
      out.putByte((byte) EpmdRequests.ALIVE2_X_RESP);
      out.putByte((byte) (ok ? EpmdRequests.RESULT_OK : 1));
      out.putInt((int) value, ByteOrder.BIG_ENDIAN);
    } else {
      out.putByte((byte) EpmdRequests.ALIVE2_RESP);
      out.putByte((byte) (ok ? EpmdRequests.RESULT_OK : 1));
      out.putShort((int) value, ByteOrder.BIG_ENDIAN);
    }
    return out.result();
  }

  /** PORT2_RESP: the node's ALIVE2 data, or {@code 119, 1} for an unknown name. */
  static ByteString port2(Optional<NodeInfo> found) {
    ByteStringBuilder out = new ByteStringBuilder();
    out.putByte((byte) EpmdRequests.PORT2_RESP);
    if (found.isEmpty()) {
      out.putByte((byte) 1);
      return out.result();
    }
    NodeInfo node = found.get();
    byte[] name = node.name().getBytes(StandardCharsets.UTF_8);
    out.putByte((byte) EpmdRequests.RESULT_OK);
    out.putShort(node.port(), ByteOrder.BIG_ENDIAN);
    out.putByte((byte) node.nodeType());
    out.putByte((byte) node.protocol());
    out.putShort(node.highestVersion(), ByteOrder.BIG_ENDIAN);
    out.putShort(node.lowestVersion(), ByteOrder.BIG_ENDIAN);
    out.putShort(name.length, ByteOrder.BIG_ENDIAN);
    out.putBytes(name);
    out.putShort(node.extra().size(), ByteOrder.BIG_ENDIAN);
    out.append(node.extra());
    return out.result();
  }

  /** NAMES answer: {@code EPMDPortNo:32}, then {@code "name N at port P\n"} per live node. */
  static ByteString names(int epmdPort, List<RegistrationTable.Entry> live) {
    ByteStringBuilder out = new ByteStringBuilder();
    out.putInt(epmdPort, ByteOrder.BIG_ENDIAN);
    for (RegistrationTable.Entry entry : live) {
      NodeInfo node = entry.node();
      out.append(utf8("name " + node.name() + " at port " + node.port() + "\n"));
    }
    return out.result();
  }

  /**
   * DUMP answer: {@code EPMDPortNo:32}, then one NUL-terminated line per live and per released
   * name. OTP prints the socket's file descriptor; we print the connection number.
   */
  static ByteString dump(
      int epmdPort, List<RegistrationTable.Entry> live, List<RegistrationTable.Entry> released) {
    ByteStringBuilder out = new ByteStringBuilder();
    out.putInt(epmdPort, ByteOrder.BIG_ENDIAN);
    for (RegistrationTable.Entry entry : live) {
      out.append(
          utf8(
              "active name     <"
                  + entry.node().name()
                  + "> at port "
                  + entry.node().port()
                  + ", fd = "
                  + entry.connectionId()
                  + "\n\0"));
    }
    for (RegistrationTable.Entry entry : released) {
      out.append(
          utf8(
              "old/unused name <"
                  + entry.node().name()
                  + ">, port = "
                  + entry.node().port()
                  + ", fd = "
                  + entry.connectionId()
                  + " \n\0"));
    }
    return out.result();
  }

  private static ByteString utf8(String text) {
    return ByteString.fromString(text, StandardCharsets.UTF_8);
  }
}
