package dev.peerl.runtime.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * Pekko's TCP as a {@link Transport}: its selector and one connection actor per socket, each read
 * copied into a fresh array and handed to the stream by an actor message.
 */
public final class PekkoTcpTransport implements Transport {
  private final ClassicActorSystemProvider system;

  public PekkoTcpTransport(ClassicActorSystemProvider system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Binding> bind(String host, int port, Consumer<Incoming> accept) {
    return Tcp.get(system)
        .bind(host, port)
        .to(Sink.foreach(incoming -> accept.accept(new PekkoIncoming(incoming))))
        .run(system)
        .thenApply(PekkoBinding::new);
  }

  @Override
  public Flow<ByteString, ByteString, NotUsed> connect(
      String host, int port, LongSupplier framesTaken) {
    return Tcp.get(system)
        .outgoingConnection(host, port)
        .mapMaterializedValue(ignored -> NotUsed.notUsed());
  }

  private record PekkoBinding(Tcp.ServerBinding binding) implements Binding {
    @Override
    public InetSocketAddress localAddress() {
      return binding.localAddress();
    }

    @Override
    public CompletionStage<Done> unbind() {
      return binding.unbind().thenApply(unbound -> Done.getInstance());
    }
  }

  private final class PekkoIncoming implements Incoming {
    private final Tcp.IncomingConnection incoming;

    PekkoIncoming(Tcp.IncomingConnection incoming) {
      this.incoming = incoming;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return incoming.remoteAddress();
    }

    @Override
    public Flow<ByteString, ByteString, NotUsed> flow(LongSupplier framesTaken) {
      return incoming.flow();
    }

    @Override
    public void refuse() {
      incoming.handleWith(
          Flow.fromSinkAndSource(Sink.cancelled(), Source.<ByteString>empty()), system);
    }
  }
}
