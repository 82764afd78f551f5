package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.DistMessageCodec;
import dev.peerl.runtime.handshake.DistFlags;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A distribution peer on a plain blocking socket, for fault tests: it dials a Java node, completes
 * the initiator's side of the version 6 handshake byte by byte (erl_dist_protocol, "Distribution
 * Handshake"), and from then on the test decides every byte it writes, when it reads, and how the
 * socket ends. Peerl's own handshake stage is not used, so that the peer can misbehave at the
 * socket level (stop reading, reset mid-frame).
 */
final class RawDistPeer implements AutoCloseable {
  private static final int CREATION = 0x5eed;

  /**
   * Peerl's flags without the atom cache and fragments: every frame both ways is a plain {@code
   * 112, 131 Control, 131 Payload} that {@link #send} writes and {@link #receive} reads.
   */
  static final long PLAIN =
      DistFlags.PEERL_HIDDEN & ~(DistFlags.DFLAG_DIST_HDR_ATOM_CACHE | DistFlags.DFLAG_FRAGMENTS);

  /** A frame the node sent: its control tuple and payload (null when none came). */
  record Frame(Tuple control, Term payload) {
    /** The control message's operation code. */
    int op() {
      return (int) ((Int) control.get(0)).value();
    }
  }

  private final Socket socket;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final String name;

  private final long flags;
  private int nextPid = 1;
  private int nextRef = 1;

  private RawDistPeer(Socket socket, String name, long flags) throws IOException {
    this.socket = socket;
    this.flags = flags;
    this.out = new DataOutputStream(socket.getOutputStream());
    this.in = new DataInputStream(socket.getInputStream());
    this.name = name;
  }

  /**
   * Opens a socket to {@code java} with the given receive buffer (bytes; 0: the system's), set
   * before connecting so that the TCP window stays that small.
   */
  static Socket open(JavaNode java, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress("127.0.0.1", java.node.port()), 10_000);
    return socket;
  }

  /** Dials {@code java} as {@code name} (a full node name) and completes the handshake. */
  static RawDistPeer connect(JavaNode java, String name, String cookie, int receiveBuffer)
      throws IOException {
    return connect(java, name, cookie, receiveBuffer, DistFlags.offered(true));
  }

  /**
   * Dials {@code java} as {@code name} offering {@code flags} (such as {@link #PLAIN} without
   * DFLAG_UNLINK_ID, to play an older peer) and completes the handshake.
   */
  static RawDistPeer connect(JavaNode java, String name, String cookie, long flags)
      throws IOException {
    return connect(java, name, cookie, 0, flags);
  }

  private static RawDistPeer connect(
      JavaNode java, String name, String cookie, int receiveBuffer, long flags) throws IOException {
    Socket socket = open(java, receiveBuffer);
    RawDistPeer peer = new RawDistPeer(socket, name, flags);
    try {
      peer.handshake(cookie);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return peer;
  }

  /** The send_name a version 6 initiator opens with, behind its 2-byte length. */
  static byte[] sendName(String name) {
    return sendName(name, DistFlags.offered(true));
  }

  private static byte[] sendName(String name, long flags) {
    byte[] nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer message = ByteBuffer.allocate(2 + 1 + 8 + 4 + 2 + nameBytes.length);
    message.putShort((short) (message.capacity() - 2)).put((byte) 'N');
    message.putLong(flags).putInt(CREATION);
    message.putShort((short) nameBytes.length).put(nameBytes);
    return message.array();
  }

  String name() {
    return name;
  }

  Atom node() {
    return Atom.of(name);
  }

  /** A new pid of this peer, as its processes would have. */
  Pid pid() {
    return new Pid(node(), nextPid++, 0, CREATION);
  }

  /** A new reference of this peer. */
  Ref ref() {
    return Ref.of(node(), CREATION, nextRef++, 0, 0);
  }

  private void handshake(String cookie) throws IOException {
    out.write(sendName(name, flags));
    out.flush();
    String status = new String(expect('s'), StandardCharsets.ISO_8859_1);
    if (!status.startsWith("ok")) {
      throw new IOException("the node answered status " + status);
    }
    ByteBuffer challenge = ByteBuffer.wrap(expect('N'));
    challenge.getLong(); // the acceptor's flags
    int theirChallenge = challenge.getInt();
    int ourChallenge = 0x1234_5678;
    ByteBuffer reply = ByteBuffer.allocate(2 + 1 + 4 + 16);
    reply.putShort((short) 21).put((byte) 'r').putInt(ourChallenge);
    reply.put(digest(cookie, theirChallenge));
    out.write(reply.array());
    out.flush();
    byte[] ack = expect('a');
    if (!Arrays.equals(ack, digest(cookie, ourChallenge))) {
      throw new IOException("the node's challenge_ack does not prove the cookie");
    }
  }

  /** Reads one handshake message; its bytes after the tag. */
  private byte[] expect(char tag) throws IOException {
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    if (message.length == 0 || message[0] != tag) {
      throw new IOException(
          "expected handshake message '" + tag + "', got " + Arrays.toString(message));
    }
    return Arrays.copyOfRange(message, 1, message.length);
  }

  private static byte[] digest(String cookie, int challenge) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(cookie.getBytes(StandardCharsets.ISO_8859_1));
      md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a tick: an empty frame. */
  void tick() throws IOException {
    out.writeInt(0);
    out.flush();
  }

  /**
   * Writes a frame of {@code control} and {@code payload} (null: none) without distribution header,
   * as a peer that did not negotiate DIST_HDR_ATOM_CACHE does.
   */
  void send(Tuple control, Term payload) throws IOException {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    TermEncoder encoder = new TermEncoder();
    buffer.putByte(0, (byte) DistMessageCodec.PASS_THROUGH);
    int length = 1 + encoder.encodeVersioned(control, buffer, 1);
    if (payload != null) {
      length += encoder.encodeVersioned(payload, buffer, length);
    }
    out.writeInt(length);
    out.write(buffer.byteArray(), 0, length);
    out.flush();
  }

  /**
   * Reads the node's next frame that is not a tick (within the socket's 10 s timeout). Only for a
   * peer without DIST_HDR_ATOM_CACHE, such as one offering {@link #PLAIN}.
   */
  Frame receive() throws IOException {
    byte[] frame = new byte[0];
    while (frame.length == 0) {
      frame = new byte[in.readInt()];
      in.readFully(frame);
    }
    if ((frame[0] & 0xFF) != DistMessageCodec.PASS_THROUGH) {
      throw new IOException("a frame with a distribution header: " + Arrays.toString(frame));
    }
    TermDecoder decoder = new TermDecoder().wrap(new UnsafeBuffer(frame), 1, frame.length - 1);
    try {
      Tuple control = (Tuple) decoder.readVersionedTerm();
      Term payload = decoder.remaining() > 0 ? decoder.readVersionedTerm() : null;
      return new Frame(control, payload);
    } catch (DecodeException e) {
      throw new IOException("the node sent a frame that does not decode", e);
    }
  }

  /** Writes raw bytes after the handshake. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Writes the 4-byte length of a frame of {@code announced} bytes and only {@code sent} of them,
   * then resets the connection (SO_LINGER 0: the close sends RST, not FIN).
   */
  void resetMidFrame(int announced, int sent) throws IOException {
    out.writeInt(announced);
    out.write(new byte[sent]);
    out.flush();
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Reads until the node closes the connection, with FIN or RST (which drops what the socket had
   * not yet handed over); the number of bytes read.
   */
  long drainUntilClosed() throws IOException {
    return drainUntilClosed(in);
  }

  /**
   * Reads from a socket that never got as far as a handshaken peer (see {@link #open}) until the
   * node closes it, with FIN or RST; the number of bytes read.
   */
  static long drainUntilClosed(Socket socket) throws IOException {
    return drainUntilClosed(socket.getInputStream());
  }

  private static long drainUntilClosed(InputStream in) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    } catch (SocketException reset) {
      // Closed with RST.
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
