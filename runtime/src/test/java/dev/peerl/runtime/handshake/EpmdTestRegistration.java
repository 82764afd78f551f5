package dev.peerl.runtime.handshake;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Registers a name with the machine's epmd over a raw socket, so that erl can find a test's
 * listener before Peerl's own EPMD client is wired in. The registration lasts while the socket is
 * open (erl_dist_protocol, "EPMD Protocol").
 *
 * <pre>
 * ALIVE2_REQ:    | Len:16 | 120 | PortNo:16 | NodeType:8 | Protocol:8 | HighestVersion:16
 *                | LowestVersion:16 | NLen:16 | NodeName | ELen:16 | Extra |
 * ALIVE2_X_RESP: | 118 | Result:8 | Creation:32 |     (ALIVE2_RESP: | 121 | Result:8 | Creation:16 |)
 * </pre>
 */
final class EpmdTestRegistration implements AutoCloseable {
  private static final int EPMD_PORT = 4369;
  private static final int ALIVE2_REQ = 120;
  private static final int ALIVE2_X_RESP = 118;
  private static final int ALIVE2_RESP = 121;
  private static final int HIDDEN_NODE = 72;

  private final Socket socket;
  private final int creation;

  private EpmdTestRegistration(Socket socket, int creation) {
    this.socket = socket;
    this.creation = creation;
  }

  /** Registers {@code alive} (the part before the {@code @}) as a hidden node on {@code port}. */
  static EpmdTestRegistration register(String alive, int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), EPMD_PORT);
    try {
      socket.setSoTimeout(5_000);
      byte[] name = alive.getBytes(StandardCharsets.ISO_8859_1);
      int length = 13 + name.length;
      ByteBuffer request = ByteBuffer.allocate(2 + length);
      request.putShort((short) length).put((byte) ALIVE2_REQ).putShort((short) port);
      request.put((byte) HIDDEN_NODE).put((byte) 0).putShort((short) 6).putShort((short) 5);
      request.putShort((short) name.length).put(name).putShort((short) 0);
      socket.getOutputStream().write(request.array());
      socket.getOutputStream().flush();

      DataInputStream response = new DataInputStream(socket.getInputStream());
      int tag = response.readUnsignedByte();
      int result = response.readUnsignedByte();
      int creation =
          switch (tag) {
            case ALIVE2_X_RESP -> response.readInt();
            case ALIVE2_RESP -> response.readUnsignedShort();
            default -> throw new IOException("epmd answered ALIVE2_REQ with tag " + tag);
          };
      if (result != 0) {
        throw new IOException("epmd refused to register " + alive + ": result " + result);
      }
      return new EpmdTestRegistration(socket, creation);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  int creation() {
    return creation;
  }

  /** Ends the registration. */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
