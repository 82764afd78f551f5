package dev.peerl.epmd;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ALIVE2 connection: sends ALIVE2_REQ, reads the creation, then stays open, because EPMD
 * forgets the name as soon as the connection closes. EPMD never sends anything after its answer.
 */
final class AliveConnection {
  private static final Logger LOG = LoggerFactory.getLogger(AliveConnection.class);

  private final CompletableFuture<Long> creation = new CompletableFuture<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private final EpmdResponseDecoder decoder;
  private final String epmd;
  private final EpmdRequest request;
  private final Duration timeout;
  private CompletableFuture<Optional<ByteString>> writeSide;
  // Only touched by the stream's sequential callbacks.
  private ByteString received = ByteString.emptyByteString();

  private AliveConnection(String epmd, EpmdRequest request, Duration timeout) {
    this.epmd = epmd;
    this.request = request;
    this.timeout = timeout;
    this.decoder = new EpmdResponseDecoder(epmd, request);
  }

  /** Connects and sends ALIVE2_REQ; {@link #creation()} tells how it went. */
  static AliveConnection open(ActorSystem<?> system, EpmdSettings settings, NodeInfo node) {
    EpmdRequest request = new EpmdRequest.Alive2(node);
    AliveConnection alive =
        new AliveConnection(
            EpmdClient.describe(settings.host(), settings.port()),
            request,
            settings.requestTimeout());
    Pair<CompletableFuture<Optional<ByteString>>, CompletionStage<Done>> materialized =
        Source.single(request.encode())
            .concatMat(Source.maybe(), Keep.right())
            .via(
                Tcp.get(system)
                    .outgoingConnection(
                        InetSocketAddress.createUnresolved(settings.host(), settings.port()),
                        Optional.empty(),
                        List.of(),
                        false,
                        Optional.of(settings.requestTimeout()),
                        Optional.empty()))
            .toMat(Sink.foreach(alive::onReceived), Keep.both())
            .run(system);
    alive.writeSide = materialized.first();
    materialized.second().whenComplete((done, failure) -> alive.onEnd(failure));
    alive
        .creation
        .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (creation, failure) -> {
              if (failure != null) {
                alive.close();
              }
            });
    return alive;
  }

  /** The creation EPMD assigned; fails when it refused, did not answer in time, or hung up. */
  CompletionStage<Long> creation() {
    return creation.handle(
        (value, failure) -> {
          if (failure == null) {
            return value;
          }
          throw EpmdClient.asEpmdException(failure, epmd, request, timeout);
        });
  }

  /** Completes with the reason once the connection is gone, for whatever reason. */
  CompletionStage<String> ended() {
    return ended;
  }

  /** Closes the connection, which makes EPMD forget the name. */
  void close() {
    writeSide.complete(Optional.empty());
  }

  private void onReceived(ByteString chunk) {
    if (creation.isDone()) {
      // OTP's epmd treats extra bytes on an ALIVE connection as an error too.
      LOG.warn("{} sent {} unexpected bytes after its ALIVE2 answer; closing", epmd, chunk.size());
      close();
      return;
    }
    received = received.concat(chunk);
    try {
      decoder.alive2(received).ifPresent(creation::complete);
    } catch (EpmdException e) {
      creation.completeExceptionally(e);
      close();
    }
  }

  private void onEnd(Throwable failure) {
    String reason =
        failure == null ? "EPMD closed the connection" : "connection failed: " + failure;
    creation.completeExceptionally(
        failure != null
            ? failure
            : new EpmdException(epmd, request.describe(), "closed before answering"));
    ended.complete(reason);
  }
}
