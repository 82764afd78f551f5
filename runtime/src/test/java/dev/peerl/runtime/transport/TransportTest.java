package dev.peerl.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.connection.DistFraming;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
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
      case SOCKET -> socketTransport(Duration.ofNanos(50_000));
      case PEKKO_TCP -> new PekkoTcpTransport(system);
    };
  }

  // Peerl's own sockets, paced as a node's, polling for up to answerPoll after an answer.
  private static SocketTransport socketTransport(Duration answerPoll) {
    return new SocketTransport(
        Duration.ofSeconds(5),
        new SocketTransport.Pacing(
            Duration.ofNanos(50_000), Duration.ofNanos(500_000), 16 * 1024, answerPoll));
  }

  private static Transport.Binding echoServer(
      Transport transport, Flow<ByteString, ByteString, ?> echo) throws Exception {
    return transport
        .bind("127.0.0.1", 0, incoming -> incoming.flow(Transport.UNCOUNTED).join(echo).run(system))
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
        .via(transport.connect("127.0.0.1", port, Transport.UNCOUNTED))
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
              .via(transport(kind).connect("127.0.0.1", server.getLocalPort(), Transport.UNCOUNTED))
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
            .via(transport(kind).connect("127.0.0.1", port, Transport.UNCOUNTED))
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
            .via(
                transport(Transport.Kind.SOCKET)
                    .connect("no-such-host.invalid", 4369, Transport.UNCOUNTED))
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
          .via(transport(kind).connect("127.0.0.1", server.getLocalPort(), Transport.UNCOUNTED))
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
      Flow<ByteString, ByteString, ?> flow = incoming.flow(Transport.UNCOUNTED);
      flow.join(Flow.of(ByteString.class)).run(system);
      assertThrows(
          IllegalStateException.class, () -> flow.join(Flow.of(ByteString.class)).run(system));
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Where the caller's requests are answered, and whether the answer poll is on. */
  enum Answering {
    /** On the node's dispatcher, in the socket thread's turn: each answer is followed by a poll. */
    IN_THE_SOCKET_THREADS_TURN,
    /** Later, on another thread: an answer is followed by a poll only if it comes in the turn. */
    ELSEWHERE,
    /** As the first, with {@code answer-poll = 0}: never a poll. */
    WITHOUT_THE_POLL
  }

  /**
   * A peer that calls: it writes a request and waits for the answer before the next, sometimes
   * after a pause longer than the answer poll (so the socket's thread polls and finds the request,
   * or gives up and sleeps). Every answer comes, in order, and the peer's close ends the stream.
   * Answered in the socket thread's turn (the stream on the node's dispatcher, as a node runs it),
   * the polls find most requests; with the poll off there is none.
   */
  @ParameterizedTest
  @EnumSource(Answering.class)
  void aCallersRequestsAreAnsweredOneByOneAndItsCloseEndsTheStream(Answering answering)
      throws Exception {
    Flow<ByteString, ByteString, ?> answer =
        answering == Answering.ELSEWHERE
            ? Flow.of(ByteString.class)
                .mapAsync(1, request -> CompletableFuture.supplyAsync(() -> request))
            : Flow.of(ByteString.class);
    Transport transport =
        answering == Answering.WITHOUT_THE_POLL
            ? socketTransport(Duration.ZERO)
            : transport(Transport.Kind.SOCKET);
    long polls = SocketStage.POLLS.sum();
    long found = SocketStage.POLLS_FOUND.sum();
    CompletableFuture<CompletionStage<Done>> ended = new CompletableFuture<>();
    Transport.Binding binding = answeringServer(transport, answer, ended);
    int calls = 3_000;
    try (Socket socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(SECONDS));
      for (long call = 0; call < calls; call++) {
        if (call % 100 == 99) {
          Thread.sleep(1); // longer than the poll
        }
        call(socket, call);
      }
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
    ended.get(SECONDS, TimeUnit.SECONDS).toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    long polled = SocketStage.POLLS.sum() - polls;
    long polledAndFound = SocketStage.POLLS_FOUND.sum() - found;
    switch (answering) {
      case IN_THE_SOCKET_THREADS_TURN ->
          // (Not every call: a poll may end before the request comes, on a busy machine.)
          assertTrue(
              polledAndFound > calls / 10,
              polled + " polls, " + polledAndFound + " found the next request, of " + calls);
      case ELSEWHERE -> assertTrue(polled <= calls, polled + " polls for " + calls + " calls");
      case WITHOUT_THE_POLL -> assertEquals(0, polled);
    }
  }

  /**
   * A peer that calls seldom (a pause far longer than the poll before each request): after {@link
   * SocketStage#FAR_ANSWERS_BEFORE_REST} answers to such requests, the socket's thread rests from
   * polling; once the peer calls back to back again, requests come soon after their answers and the
   * polls start again.
   */
  @Test
  void aCallerThatCallsSeldomIsNotPolledForUntilItCallsBackToBack() throws Exception {
    long polls = SocketStage.POLLS.sum();
    long skipped = SocketStage.POLLS_SKIPPED.sum();
    CompletableFuture<CompletionStage<Done>> ended = new CompletableFuture<>();
    Transport.Binding binding =
        answeringServer(transport(Transport.Kind.SOCKET), Flow.of(ByteString.class), ended);
    int seldom = 40;
    int backToBack = 2_000;
    long seldomPolls;
    long seldomSkipped;
    try (Socket socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(SECONDS));
      long call = 0;
      for (int i = 0; i < seldom; i++) {
        Thread.sleep(3); // sixty times the poll
        call(socket, call++);
      }
      seldomPolls = SocketStage.POLLS.sum() - polls;
      seldomSkipped = SocketStage.POLLS_SKIPPED.sum() - skipped;
      for (int i = 0; i < backToBack; i++) {
        call(socket, call++);
      }
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
    ended.get(SECONDS, TimeUnit.SECONDS).toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    // The first answers are followed by polls, which miss; the answers after them by a rest, but
    // for one in POLL_WHILE_RESTING_EVERY. A request that comes soon after an answer all the same
    // (an answer held up by a pause of the JVM's, say) ends the rest and costs a few polls more;
    // without the rest every answer would be followed by a poll.
    assertTrue(
        seldomPolls <= 3 * SocketStage.FAR_ANSWERS_BEFORE_REST,
        seldomPolls + " polls for " + seldom + " seldom calls");
    assertTrue(
        seldomSkipped >= seldom / 2, seldomSkipped + " rests for " + seldom + " seldom calls");
    long backToBackPolls = SocketStage.POLLS.sum() - polls - seldomPolls;
    assertTrue(
        backToBackPolls > backToBack / 10,
        backToBackPolls + " polls for " + backToBack + " calls back to back");
  }

  // A server whose connections answer each request with what {@code answer} makes of it, on the
  // node's dispatcher (as a node runs its streams); {@code ended} gets the connection's end.
  private static Transport.Binding answeringServer(
      Transport transport,
      Flow<ByteString, ByteString, ?> answer,
      CompletableFuture<CompletionStage<Done>> ended)
      throws Exception {
    return transport
        .bind(
            "127.0.0.1",
            0,
            incoming ->
                ended.complete(
                    incoming
                        .flow(Transport.UNCOUNTED)
                        .joinMat(answer.watchTermination(Keep.right()), Keep.right())
                        .withAttributes(ActorAttributes.dispatcher("peerl.dispatcher"))
                        .run(system)))
        .toCompletableFuture()
        .get(SECONDS, TimeUnit.SECONDS);
  }

  // Writes request {@code call} and reads its answer, which the echoing stream makes the same.
  private static void call(Socket socket, long call) throws IOException {
    socket.getOutputStream().write(ByteBuffer.allocate(Long.BYTES).putLong(call).array());
    InputStream in = socket.getInputStream();
    byte[] answerBytes = new byte[Long.BYTES];
    int got = 0;
    while (got < answerBytes.length) {
      int n = in.read(answerBytes, got, answerBytes.length - got);
      assertTrue(n > 0, "the answer to call " + call + " ended after " + got + " bytes");
      got += n;
    }
    assertEquals(call, ByteBuffer.wrap(answerBytes).getLong());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * A one-way stream of small frames (which the socket narrows once the frames are counted), then
   * large ones (which end it), then small ones again: every frame arrives whole and in order, the
   * small ones written one by one, as erl writes them.
   */
  @Test
  void aOneWayStreamOfSmallThenLargeFramesArrivesWhole() throws Exception {
    AtomicLong framesTaken = new AtomicLong();
    List<Integer> sizes = new ArrayList<>();
    for (int phase = 0; phase < 3; phase++) {
      for (int i = 0; i < (phase == 1 ? 40 : 20_000); i++) {
        sizes.add(phase == 1 ? 100_000 + i : 36 + i % 5);
      }
    }
    long polls = SocketStage.POLLS.sum();
    CompletableFuture<List<ByteString>> received = new CompletableFuture<>();
    Transport transport = transport(Transport.Kind.SOCKET);
    Transport.Binding binding =
        transport
            .bind(
                "127.0.0.1",
                0,
                incoming -> {
                  var frames =
                      Flow.of(ByteString.class)
                          .via(DistFraming.decoder(1 << 20))
                          .map(
                              frame -> {
                                framesTaken.incrementAndGet();
                                return frame;
                              })
                          .take(sizes.size())
                          .toMat(Sink.seq(), Keep.right());
                  incoming
                      .flow(framesTaken::get)
                      .joinMat(
                          Flow.fromSinkAndSourceMat(frames, Source.maybe(), Keep.left()),
                          Keep.right())
                      .run(system)
                      .whenComplete(
                          (list, failure) -> {
                            if (failure != null) {
                              received.completeExceptionally(failure);
                            } else {
                              received.complete(list);
                            }
                          });
                })
            .toCompletableFuture()
            .get(SECONDS, TimeUnit.SECONDS);
    try (Socket socket = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      socket.setTcpNoDelay(true);
      var out = socket.getOutputStream();
      for (int i = 0; i < sizes.size(); i++) {
        out.write(frame(i, sizes.get(i)));
        out.flush();
      }
      // Long: a segment the kernel drops when the buffer shrinks waits for its retransmission.
      List<ByteString> frames = received.get(120, TimeUnit.SECONDS);
      assertEquals(sizes.size(), frames.size());
      for (int i = 0; i < sizes.size(); i++) {
        byte[] expected = frame(i, sizes.get(i));
        assertArrayEquals(
            ByteString.fromArray(expected, 4, expected.length - 4).toArray(),
            frames.get(i).toArray(),
            "frame " + i);
      }
      assertEquals(0, SocketStage.POLLS.sum() - polls, "a stream that only reads polled");
    } finally {
      binding.unbind().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    }
  }

  // A 4-byte length, then `size` bytes that start with the frame's number and follow from it.
  private static byte[] frame(int number, int size) {
    byte[] bytes = new byte[4 + size];
    ByteBuffer.wrap(bytes).putInt(size).putInt(number);
    for (int i = 8; i < bytes.length; i++) {
      bytes[i] = (byte) (number * 31 + i);
    }
    return bytes;
  }
}
