package dev.peerl.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WindowClampTest {
  @Test
  void findsEachEndOfALoopbackConnectionAndClampsItsWindow() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "TCP_WINDOW_CLAMP is Linux's");
    assertTrue(WindowClamp.available(), "the C library is callable on Linux");
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        WindowClamp clientClamp = WindowClamp.of(client).orElseThrow();
        WindowClamp acceptedClamp = WindowClamp.of(accepted).orElseThrow();
        int before = acceptedClamp.get();
        assertTrue(before > 16 * 1024, "an unclamped window: " + before);

        acceptedClamp.set(16 * 1024);
        assertEquals(16 * 1024, acceptedClamp.get());
        // The two ends are two descriptors: the client's clamp did not move.
        assertNotEquals(16 * 1024, clientClamp.get());
        acceptedClamp.set(before);
        assertEquals(before, acceptedClamp.get());
        assertThrows(IllegalArgumentException.class, () -> acceptedClamp.set(0));
      }
    }
  }

  /**
   * A UDP socket connected with the same two addresses (UDP's ports are not TCP's) and a lower
   * descriptor, so that the search meets it first: it is not the TCP connection's socket.
   */
  @Test
  void aDatagramSocketWithTheSameAddressesIsNotTheConnection() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "TCP_WINDOW_CLAMP is Linux's");
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      // A descriptor held while the connection is made, then freed for the UDP socket: the kernel
      // gives the lowest free number, below the connection's.
      Pipe placeholder = Pipe.open();
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        placeholder.source().close();
        placeholder.sink().close();
        assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
        try (DatagramChannel twin = DatagramChannel.open()) {
          twin.bind(client.getLocalAddress());
          twin.connect(client.getRemoteAddress());
          assertEquals(client.getLocalAddress(), twin.getLocalAddress());
          WindowClamp clamp = WindowClamp.of(client).orElseThrow();
          clamp.set(16 * 1024);
          assertEquals(16 * 1024, clamp.get());
        }
      } finally {
        placeholder.source().close();
        placeholder.sink().close();
      }
    }
  }

  @Test
  void anUnconnectedOrClosedChannelHasNoClamp() throws Exception {
    try (SocketChannel unconnected = SocketChannel.open()) {
      assertTrue(WindowClamp.of(unconnected).isEmpty());
    }
    SocketChannel closed = SocketChannel.open();
    closed.close();
    assertTrue(WindowClamp.of(closed).isEmpty());
  }

  /**
   * A reader that stops reading under a narrow clamp, while the writer sends far more than the
   * window: the writer waits, and every byte arrives, in order, when the reader reads again (the
   * clamp set while bytes were already on the way).
   */
  @Test
  void aClampedWindowHoldsTheWriterBackAndLosesNothing() throws Exception {
    assumeTrue(WindowClamp.available(), "TCP_WINDOW_CLAMP is Linux's");
    byte[] sent = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(sent);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel accepted = server.accept()) {
        WindowClamp clamp = WindowClamp.of(accepted).orElseThrow();
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    ByteBuffer out = ByteBuffer.wrap(sent);
                    while (out.hasRemaining()) {
                      // Small writes, as erl's.
                      out.limit(Math.min(sent.length, out.position() + 100));
                      client.write(out);
                      out.limit(sent.length);
                    }
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
        ByteBuffer in = ByteBuffer.allocate(sent.length);
        int read = 0;
        boolean clamped = false;
        while (in.hasRemaining()) {
          read += accepted.read(in);
          if (!clamped && read > 64 * 1024) {
            clamp.set(4 * 1024);
            clamped = true;
          } else if (clamped) {
            Thread.sleep(1); // a slow reader behind a narrow window
            if (read > sent.length / 2) {
              clamp.set(1 << 20);
            }
          }
        }
        writer.get(30, TimeUnit.SECONDS);
        assertArrayEquals(sent, in.array());
      }
    }
  }

  @Test
  void decodesBothFamiliesAsJavaNamesThem() throws Exception {
    byte[] v4 = new byte[128];
    ByteBuffer b4 = ByteBuffer.wrap(v4);
    b4.order(ByteOrder.nativeOrder()).putShort(0, (short) 2);
    b4.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) 4369);
    b4.put(4, new byte[] {127, 0, 0, 1});
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4369), WindowClamp.decode(v4));

    // A dual-stack socket's IPv4-mapped address names the IPv4 address, as the channel does.
    byte[] v6 = new byte[128];
    ByteBuffer b6 = ByteBuffer.wrap(v6);
    b6.order(ByteOrder.nativeOrder()).putShort(0, (short) 10);
    b6.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) 65535);
    b6.put(8, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3});
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 65535), WindowClamp.decode(v6));

    b6.put(8, new byte[16]);
    b6.put(23, (byte) 1);
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("::1"), 65535), WindowClamp.decode(v6));

    byte[] unix = new byte[128];
    ByteBuffer.wrap(unix).order(ByteOrder.nativeOrder()).putShort(0, (short) 1);
    assertNull(WindowClamp.decode(unix));
  }
}
