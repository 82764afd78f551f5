package dev.peerl.runtime.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Reads the fields of one handshake message, big-endian, checking every length against the bytes
 * that remain before reading.
 */
final class MessageReader {
  private final byte[] bytes;
  private final String messageName;
  private int position;

  private MessageReader(byte[] bytes, String messageName) {
    this.bytes = bytes;
    this.messageName = messageName;
  }

  /** Starts reading {@code message}, which must begin with {@code tag}. */
  static MessageReader open(ByteString message, char tag, String messageName)
      throws HandshakeViolation {
    MessageReader reader = new MessageReader(message.toArray(), messageName);
    int actual = reader.u8("tag");
    if (actual != tag) {
      throw new HandshakeViolation(
          "expected " + messageName + " (tag '" + tag + "'), got tag " + describeTag(actual));
    }
    return reader;
  }

  static String describeTag(int tag) {
    return tag >= 0x20 && tag < 0x7F ? "'" + (char) tag + "'" : Integer.toString(tag);
  }

  int u8(String field) throws HandshakeViolation {
    require(1, field);
    return bytes[position++] & 0xFF;
  }

  int u16(String field) throws HandshakeViolation {
    require(2, field);
    int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  int i32(String field) throws HandshakeViolation {
    require(4, field);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  long i64(String field) throws HandshakeViolation {
    require(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  ByteString bytes(int length, String field) throws HandshakeViolation {
    require(length, field);
    ByteString value = ByteString.fromArray(bytes, position, length);
    position += length;
    return value;
  }

  /** A node name of {@code length} bytes, checked to be one. */
  String nodeName(int length) throws HandshakeViolation {
    if (length > NodeNames.MAX_LENGTH) {
      throw new HandshakeViolation(
          messageName + " has a name of " + length + " bytes, longer than " + NodeNames.MAX_LENGTH);
    }
    require(length, "name");
    String name = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
    position += length;
    Optional<String> problem = NodeNames.problem(name);
    if (problem.isPresent()) {
      throw new HandshakeViolation(messageName + ": " + problem.get());
    }
    return name;
  }

  /** The rest of the message as Latin-1 text. */
  String restAsText() {
    String text = new String(bytes, position, bytes.length - position, StandardCharsets.ISO_8859_1);
    position = bytes.length;
    return text;
  }

  int remaining() {
    return bytes.length - position;
  }

  private void require(int length, String field) throws HandshakeViolation {
    if (length > bytes.length - position) {
      throw new HandshakeViolation(
          messageName
              + " is truncated: "
              + field
              + " needs "
              + length
              + " bytes, "
              + (bytes.length - position)
              + " remain");
    }
  }
}
