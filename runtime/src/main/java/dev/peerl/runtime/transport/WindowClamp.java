package dev.peerl.runtime.transport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest receive window a TCP socket advertises ({@code TCP_WINDOW_CLAMP}, Linux only), set
 * through the C library: no Java socket option reaches it.
 *
 * <p>Unlike a smaller {@code SO_RCVBUF}, a clamp drops nothing: the socket's buffer stays as large
 * as it was (and the kernel goes on tuning it), so what the window already let the peer send still
 * fits; the kernel never shrinks an advertised window (unless {@code net.ipv4.tcp_shrink_window} is
 * set, 0 by default), and the clamp only bounds the windows it advertises from then on. So a window
 * narrowed this way closes as the reader stops reading, and the peer's writes queue behind it,
 * without a segment lost. Linux lowers a connected socket's window at once for a new clamp from
 * 5.15 on (measured on 6.18); before that it did not (not measured here), so narrowing there may
 * gain little, and loses nothing. The kernel may also raise the clamp itself as it grows the
 * socket's buffer.
 *
 * <p>Java does not give a channel's file descriptor; it is found by its two addresses among the
 * process's sockets ({@code /proc/self/fd}, then {@code getsockname} and {@code getpeername}), once
 * per socket, and must be a stream socket ({@code SO_TYPE}): a connected UDP socket can have the
 * same two addresses.
 */
final class WindowClamp {
  private static final Logger LOG = LoggerFactory.getLogger(WindowClamp.class);
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_WINDOW_CLAMP = 10;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCKADDR_BYTES = 128;
  private static final int SOL_SOCKET = 1;
  private static final int SO_TYPE = 3;
  private static final int SOCK_STREAM = 1;

  private final int fd;

  private WindowClamp(int fd) {
    this.fd = fd;
  }

  /**
   * The clamp of {@code channel}'s socket, which must be connected; empty where it cannot be set
   * (not Linux, the C library not callable, the socket not found).
   */
  static Optional<WindowClamp> of(SocketChannel channel) {
    if (!available()) {
      return Optional.empty();
    }
    try {
      SocketAddress local = channel.getLocalAddress();
      SocketAddress remote = channel.getRemoteAddress();
      if (!(local instanceof InetSocketAddress) || !(remote instanceof InetSocketAddress)) {
        return Optional.empty();
      }
      int fd = find((InetSocketAddress) local, (InetSocketAddress) remote);
      return fd < 0 ? Optional.empty() : Optional.of(new WindowClamp(fd));
    } catch (IOException | RuntimeException e) {
      LOG.debug("the socket's descriptor cannot be found: {}", e.toString());
      return Optional.empty();
    }
  }

  /** The clamp now, in bytes. */
  int get() throws IOException {
    int[] value = new int[1];
    int[] length = {Integer.BYTES};
    try {
      Libc.getsockopt(fd, IPPROTO_TCP, TCP_WINDOW_CLAMP, value, length);
    } catch (LastErrorException e) {
      throw new IOException("getsockopt(TCP_WINDOW_CLAMP) failed: errno " + e.getErrorCode(), e);
    }
    return value[0];
  }

  /** Clamps the windows advertised from now on to {@code bytes} (more than 0). */
  void set(int bytes) throws IOException {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a window clamp is more than 0 bytes, not " + bytes);
    }
    try {
      Libc.setsockopt(fd, IPPROTO_TCP, TCP_WINDOW_CLAMP, new int[] {bytes}, Integer.BYTES);
    } catch (LastErrorException e) {
      throw new IOException("setsockopt(TCP_WINDOW_CLAMP) failed: errno " + e.getErrorCode(), e);
    }
  }

  // The descriptor whose socket has these two addresses; -1 if none has.
  private static int find(InetSocketAddress local, InetSocketAddress remote) throws IOException {
    byte[] address = new byte[SOCKADDR_BYTES];
    int[] length = new int[1];
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path entry : fds) {
        int fd;
        try {
          fd = Integer.parseInt(entry.getFileName().toString());
          if (!Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
            continue;
          }
        } catch (NumberFormatException | IOException e) {
          continue; // not a descriptor, or closed meanwhile
        }
        length[0] = SOCKADDR_BYTES;
        if (Libc.getsockname(fd, address, length) != 0 || !local.equals(decode(address))) {
          continue;
        }
        length[0] = SOCKADDR_BYTES;
        if (Libc.getpeername(fd, address, length) == 0
            && remote.equals(decode(address))
            && isStream(fd)) {
          return fd;
        }
      }
    }
    return -1;
  }

  // Whether fd is a stream (TCP) socket: a connected UDP socket may have the same two addresses.
  private static boolean isStream(int fd) {
    int[] type = new int[1];
    int[] length = {Integer.BYTES};
    try {
      Libc.getsockopt(fd, SOL_SOCKET, SO_TYPE, type, length);
    } catch (LastErrorException e) {
      return false; // closed meanwhile
    }
    return type[0] == SOCK_STREAM;
  }

  // A sockaddr_in or sockaddr_in6 as Java names it (an IPv4-mapped IPv6 address as IPv4, as a
  // dual-stack channel reports its addresses); null for any other family.
  static InetSocketAddress decode(byte[] sockaddr) {
    ByteBuffer bytes = ByteBuffer.wrap(sockaddr);
    int family = bytes.order(ByteOrder.nativeOrder()).getShort(0) & 0xFFFF;
    int port = bytes.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xFFFF;
    byte[] ip;
    if (family == AF_INET) {
      ip = new byte[4];
      bytes.get(4, ip);
    } else if (family == AF_INET6) {
      ip = new byte[16];
      bytes.get(8, ip);
    } else {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      return null; // (not for 4 or 16 bytes)
    }
  }

  /** Whether clamps can be set on this platform at all. */
  static boolean available() {
    try {
      return Libc.AVAILABLE;
    } catch (LinkageError e) {
      return false; // (JNA not on the class path)
    }
  }

  private static final class Libc {
    static final boolean AVAILABLE = register();

    private Libc() {}

    private static boolean register() {
      try {
        if (!Platform.isLinux()) {
          return false;
        }
        Native.register(Libc.class, Platform.C_LIBRARY_NAME);
        return true;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // JNA's own initialization fails with an Error of its own (a mismatched native part),
        // loading its native part with an UnsatisfiedLinkError (a temp dir mounted noexec).
        LOG.warn(
            "the C library cannot be called, so no receive window is narrowed: {}", e.toString());
        return false;
      }
    }

    static native int setsockopt(int fd, int level, int name, int[] value, int length)
        throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length)
        throws LastErrorException;

    static native int getsockname(int fd, byte[] address, int[] length);

    static native int getpeername(int fd, byte[] address, int[] length);
  }
}
