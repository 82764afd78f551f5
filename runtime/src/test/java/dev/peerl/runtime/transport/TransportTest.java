package dev.peerl.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract both transports keep, over real loopback sockets: bytes both ways in order, at the
 * pace of a slow reader; completion when the peer closes; failure when a dial fails; the last words
 * of a side that stopped reading still written; refusing and unbinding.
 */
class TransportTest {
  private static final long SECONDS = 20;
  private static ActorSystem system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("TransportTest");
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static Transport transport(Transport.Kind kind) {
    return switch (kind) {
      case SOCKET -> new SocketTransport(Duration.ofSeconds(5), Duration.ofNanos(50_000));
      case PEKKO_TCP -> new PekkoTcpTransport(system);
    };
  }

  private static Transport.Binding echoServer(
      Transport transport, Flow<ByteString, ByteString, ?> echo) throws Exception {
    return transport
        .bind("127.0.0.1", 0, incoming -> incoming.flow().join(echo).run(system))
        .toCompletableFuture()
        .get(SECONDS, TimeUnit.SECONDS);
  }

  private static List<ByteString> chunks(byte[] bytes, Random random) {
    List<ByteString> chunks = new ArrayList<>();
    for (int at = 0; at < bytes.length; ) {
      int size = Math.min(bytes.length - at, 1 + random.nextInt(200_000));
      chunks.add(ByteString.fromArray(bytes, at, size));
      at += size;
    }
    return chunks;
  }

  private static byte[] roundTrip(Transport transport, int port, List<ByteString> chunks, int total)
      throws Exception {
    return Source.from(chunks)
        .concat(Source.never())
        .via(transport.connect("127.0.0.1", port))
        .scan(ByteString.emptyByteString(), ByteString::concat)
        .dropWhile(received -> received.size() < total)
        .runWith(Sink.head(), system)
        .toCompletableFuture()
        .get(SECONDS, TimeUnit.SECONDS)
        .toArray();
  }

  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void bytesGoBothWaysInOrder(Transport.Kind kind) throws Exception {
    assertEchoed(transport(kind), Flow.of(ByteString.class), 8 * 1024 * 1024, 42);
  }

  /**
   * A reader slower than the writer: the echo side takes 200 reads a second, so its socket is read
   * late, both sides' socket buffers fill (16 MiB is more than loopback's buffers hold) and the
   * dialler's writes wait until the socket drains.
   */
  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void aSlowReaderHoldsTheWriterBackWithoutLosingBytes(Transport.Kind kind) throws Exception {
    assertEchoed(
        transport(kind),
        Flow.of(ByteString.class).throttle(20, Duration.ofMillis(100)),
        16 * 1024 * 1024,
        7);
  }

  // Sends `size` random bytes in random chunks through a server that runs `echo` on what it reads.
  private static void assertEchoed(
      Transport transport, Flow<ByteString, ByteString, ?> echo, int size, long seed)
      throws Exception {
    Transport.Binding binding = echoServer(transport, echo);
    try {
      Random random = new Random(seed);
      byte[] sent = new byte[size];
      random.nextBytes(sent);
      assertArrayEquals(
          sent, roundTrip(transport, binding.localAddress().getPort(), chunks(sent, random), size));
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void aPeerThatClosesCompletesTheStream(Transport.Kind kind) throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket socket = server.accept()) {
                  socket.getOutputStream().write("bye".getBytes());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      ByteString received =
          Source.<ByteString>never()
              .via(transport(kind).connect("127.0.0.1", server.getLocalPort()))
              .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
              .toCompletableFuture()
              .get(SECONDS, TimeUnit.SECONDS);
      assertEquals("bye", received.utf8String());
      served.get(SECONDS, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void aRefusedDialFailsTheStream(Transport.Kind kind) throws Exception {
    int port = freePort();
    CompletionStage<ByteString> result =
        Source.<ByteString>never()
            .via(transport(kind).connect("127.0.0.1", port))
            .runWith(Sink.head(), system);
    ExecutionException failed =
        assertThrows(
            ExecutionException.class,
            () -> result.toCompletableFuture().get(SECONDS, TimeUnit.SECONDS));
    if (kind == Transport.Kind.SOCKET) {
      TransportException e = assertInstanceOf(TransportException.class, failed.getCause());
      assertTrue(
          e.getMessage().startsWith("could not connect to 127.0.0.1:" + port + ": "),
          e.getMessage());
    }
  }

  @Test
  void anUnknownHostFailsTheStream() {
    CompletionStage<ByteString> result =
        Source.<ByteString>never()
            .via(transport(Transport.Kind.SOCKET).connect("no-such-host.invalid", 4369))
            .runWith(Sink.head(), system);
    ExecutionException failed =
        assertThrows(
            ExecutionException.class,
            () -> result.toCompletableFuture().get(SECONDS, TimeUnit.SECONDS));
    TransportException e = assertInstanceOf(TransportException.class, failed.getCause());
    assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
  }

  /**
   * A side that has stopped reading (as a handshake that refuses a peer: it cancels its reading,
   * then writes its status) still gets what it pushed written before the socket closes. (Pekko's
   * TCP writes them too, but then keeps the socket until the peer closes it.)
   */
  @Test
  void lastWordsAreWrittenAfterReadingWasCancelled() throws Exception {
    Transport.Kind kind = Transport.Kind.SOCKET;
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture<String> heard =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = server.accept();
                    InputStream in = socket.getInputStream()) {
                  return new String(in.readAllBytes());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      Source.single(ByteString.fromString("sn"))
          .concat(Source.single(ByteString.fromString("ok")).initialDelay(Duration.ofMillis(200)))
          .via(transport(kind).connect("127.0.0.1", server.getLocalPort()))
          .runWith(Sink.cancelled(), system);
      assertEquals("snok", heard.get(SECONDS, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.Kind.class)
  void aRefusedConnectionIsClosedAndUnbindingStopsListening(Transport.Kind kind) throws Exception {
    Transport.Binding binding =
        transport(kind)
            .bind("127.0.0.1", 0, Transport.Incoming::refuse)
            .toCompletableFuture()
            .get(SECONDS, TimeUnit.SECONDS);
    InetSocketAddress address = binding.localAddress();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(SECONDS));
      assertEquals(-1, socket.getInputStream().read());
    }
    binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    assertThrows(
        IOException.class,
        () -> {
          try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.getInputStream().read();
          }
        });
  }

  @Test
  void anAcceptedConnectionsFlowRunsOnce() throws Exception {
    CompletableFuture<Transport.Incoming> accepted = new CompletableFuture<>();
    Transport.Binding binding =
        transport(Transport.Kind.SOCKET)
            .bind("127.0.0.1", 0, accepted::complete)
            .toCompletableFuture()
            .get(SECONDS, TimeUnit.SECONDS);
    try (Socket socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      assertTrue(socket.isConnected());
      Transport.Incoming incoming = accepted.get(SECONDS, TimeUnit.SECONDS);
      Flow<ByteString, ByteString, ?> flow = incoming.flow();
      flow.join(Flow.of(ByteString.class)).run(system);
      assertThrows(
          IllegalStateException.class, () -> flow.join(Flow.of(ByteString.class)).run(system));
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
