package dev.peerl.runtime.handshake;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The messages of the distribution handshake (erl_dist_protocol, "Distribution Handshake"; checked
 * against OTP 25.2.3's {@code dist_util}). Each travels behind a 2-byte length prefix, added by the
 * stage; integers are big-endian. Decoding checks every length against the bytes that remain and
 * the name rules ({@code name@host}, at most 255 bytes) and ignores trailing bytes, as OTP does.
 */
sealed interface HandshakeMessage {
  ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

  /** The message's bytes, without the length prefix. */
  ByteString encode();

  /**
   * send_name, version 6: the initiator's first message, the only form Peerl sends.
   *
   * <pre>
   * | 'N' | Flags:64 | Creation:32 | NLen:16 | Name (NLen bytes) |
   * </pre>
   */
  record SendName(long flags, int creation, String name) implements HandshakeMessage {
    static final char TAG = 'N';

    @Override
    public ByteString encode() {
      ByteString nameBytes = latin1(name);
      return new ByteStringBuilder()
          .putByte((byte) TAG)
          .putLong(flags, ORDER)
          .putInt(creation, ORDER)
          .putShort(nameBytes.size(), ORDER)
          .append(nameBytes)
          .result();
    }

    static SendName read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "send_name");
      long flags = reader.i64("Flags");
      int creation = reader.i32("Creation");
      String name = reader.nodeName(reader.u16("NLen"));
      return new SendName(flags, creation, name);
    }
  }

  /**
   * send_name, version 5: what pre-23 initiators and OTP 25.3+ (to a peer it knows nothing of)
   * send. Accepted, never sent. The initiator's high flags and creation follow in a {@link
   * Complement} after our challenge.
   *
   * <pre>
   * | 'n' | Version:16 (= 5) | Flags:32 | Name (the rest) |
   * </pre>
   */
  record SendNameV5(int version, long flags, String name) implements HandshakeMessage {
    static final char TAG = 'n';

    @Override
    public ByteString encode() {
      return new ByteStringBuilder()
          .putByte((byte) TAG)
          .putShort(version, ORDER)
          .putInt((int) flags, ORDER)
          .append(latin1(name))
          .result();
    }

    static SendNameV5 read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "send_name v5");
      int version = reader.u16("Version");
      if (version != 5) {
        throw new HandshakeViolation("send_name v5 has version " + version + ", expected 5");
      }
      long flags = Integer.toUnsignedLong(reader.i32("Flags"));
      String name = reader.nodeName(reader.remaining());
      return new SendNameV5(version, flags, name);
    }
  }

  /**
   * status, acceptor to initiator (ok, ok_simultaneous, nok, not_allowed, alive), and the
   * initiator's answer to alive (true, false). The text is the rest of the message.
   *
   * <pre>
   * | 's' | Status (the rest, ASCII) |
   * </pre>
   */
  record Status(String value) implements HandshakeMessage {
    static final char TAG = 's';

    static Status of(HandshakeStatus status) {
      return new Status(status.wireName());
    }

    static Status ofAnswer(boolean continueHandshake) {
      return new Status(Boolean.toString(continueHandshake));
    }

    @Override
    public ByteString encode() {
      return new ByteStringBuilder().putByte((byte) TAG).append(latin1(value)).result();
    }

    static Status read(ByteString message) throws HandshakeViolation {
      return new Status(MessageReader.open(message, TAG, "status").restAsText());
    }
  }

  /**
   * challenge, acceptor to initiator, always in the version 6 form. The initiator refuses it unless
   * Name is exactly the node it dialled.
   *
   * <pre>
   * | 'N' | Flags:64 | Challenge:32 | Creation:32 | NLen:16 | Name (NLen bytes) |
   * </pre>
   */
  record Challenge(long flags, int challenge, int creation, String name)
      implements HandshakeMessage {
    static final char TAG = 'N';

    @Override
    public ByteString encode() {
      ByteString nameBytes = latin1(name);
      return new ByteStringBuilder()
          .putByte((byte) TAG)
          .putLong(flags, ORDER)
          .putInt(challenge, ORDER)
          .putInt(creation, ORDER)
          .putShort(nameBytes.size(), ORDER)
          .append(nameBytes)
          .result();
    }

    static Challenge read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "challenge");
      long flags = reader.i64("Flags");
      int challenge = reader.i32("Challenge");
      int creation = reader.i32("Creation");
      String name = reader.nodeName(reader.u16("NLen"));
      return new Challenge(flags, challenge, creation, name);
    }
  }

  /**
   * complement, initiator to acceptor, only after a version 5 send_name: the flags that did not fit
   * its 32 bits, and the creation.
   *
   * <pre>
   * | 'c' | FlagsHigh:32 | Creation:32 |
   * </pre>
   */
  record Complement(int flagsHigh, int creation) implements HandshakeMessage {
    static final char TAG = 'c';

    @Override
    public ByteString encode() {
      return new ByteStringBuilder()
          .putByte((byte) TAG)
          .putInt(flagsHigh, ORDER)
          .putInt(creation, ORDER)
          .result();
    }

    static Complement read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "complement");
      return new Complement(reader.i32("FlagsHigh"), reader.i32("Creation"));
    }
  }

  /**
   * challenge_reply, initiator to acceptor: the initiator's own challenge, and its digest of the
   * acceptor's.
   *
   * <pre>
   * | 'r' | Challenge:32 | Digest (16 bytes) |
   * </pre>
   */
  record ChallengeReply(int challenge, ByteString digest) implements HandshakeMessage {
    static final char TAG = 'r';

    @Override
    public ByteString encode() {
      return new ByteStringBuilder()
          .putByte((byte) TAG)
          .putInt(challenge, ORDER)
          .append(digest)
          .result();
    }

    static ChallengeReply read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "challenge_reply");
      int challenge = reader.i32("Challenge");
      return new ChallengeReply(challenge, reader.bytes(ChallengeDigest.LENGTH, "Digest"));
    }
  }

  /**
   * challenge_ack, acceptor to initiator: its digest of the initiator's challenge. The last
   * handshake message: 4-byte frames follow it.
   *
   * <pre>
   * | 'a' | Digest (16 bytes) |
   * </pre>
   */
  record ChallengeAck(ByteString digest) implements HandshakeMessage {
    static final char TAG = 'a';

    @Override
    public ByteString encode() {
      return new ByteStringBuilder().putByte((byte) TAG).append(digest).result();
    }

    static ChallengeAck read(ByteString message) throws HandshakeViolation {
      MessageReader reader = MessageReader.open(message, TAG, "challenge_ack");
      return new ChallengeAck(reader.bytes(ChallengeDigest.LENGTH, "Digest"));
    }
  }

  private static ByteString latin1(String text) {
    return ByteString.fromArrayUnsafe(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
