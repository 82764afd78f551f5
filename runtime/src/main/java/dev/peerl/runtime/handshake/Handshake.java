package dev.peerl.runtime.handshake;

import dev.peerl.runtime.connection.FrameHeader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The distribution handshake as a bidirectional stage between the network and {@link
 * dev.peerl.runtime.connection.DistFraming}, for either side of a connection.
 *
 * <pre>
 *            +-----------------------------------+
 *   upper  --| fromUpper (I1)    toNetwork (O1)  |--&gt;  Tcp
 *   upper &lt;--| toUpper (O2)      fromNetwork (I2)|&lt;--  Tcp
 *            +-----------------------------------+
 * </pre>
 *
 * <p>While the handshake runs, the stage reads and writes its own length-prefixed messages (a
 * 2-byte prefix over TCP; inside TLS, OTP frames them with 4 bytes, as the frames after); the upper
 * side sees nothing and is not pulled. Once challenge_ack has been received (initiator) or sent
 * (acceptor), the stage completes its materialized {@link HandshakeResult}, hands every byte it has
 * received but not consumed to the upper side, and from then on passes bytes through unchanged both
 * ways: the upper side reads 4-byte frames from exactly the right byte. Every step must finish
 * within {@link HandshakeSettings#setupTime()}.
 *
 * <p>On any failure the stage writes what it still has to write (a refusing status), closes the
 * network side, and fails the upper side and the materialized result with a {@link
 * HandshakeException} naming the peer and the step; it logs the failure at WARN. Callbacks on the
 * result run on the stream's thread unless attached with an {@code ...Async} method.
 */
public final class Handshake
    extends AbstractGraphStageWithMaterializedValue<
        BidiShape<ByteString, ByteString, ByteString, ByteString>,
        CompletionStage<HandshakeResult>> {

  /** Makes the state machine of one side for one materialization. */
  @FunctionalInterface
  private interface Side {
    HandshakeLogic create(
        BidiShape<ByteString, ByteString, ByteString, ByteString> shape,
        CompletableFuture<HandshakeResult> result);
  }

  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape;
  private final Side side;

  private Handshake(String name, Side side) {
    this.shape =
        BidiShape.of(
            Inlet.<ByteString>create(name + ".fromUpper"),
            Outlet.<ByteString>create(name + ".toNetwork"),
            Inlet.<ByteString>create(name + ".fromNetwork"),
            Outlet.<ByteString>create(name + ".toUpper"));
    this.side = side;
  }

  /** The side that dialled {@code peerNode}; answers an {@code alive} status with true. */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      initiator(HandshakeSettings settings, String peerNode) {
    return initiator(settings, peerNode, AliveDecision.ALWAYS_CONTINUE);
  }

  /**
   * The side that dialled {@code peerNode}.
   *
   * @throws IllegalArgumentException if {@code peerNode} is not a node name
   */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      initiator(HandshakeSettings settings, String peerNode, AliveDecision aliveDecision) {
    return initiator(settings, peerNode, aliveDecision, FrameHeader.HANDSHAKE);
  }

  /**
   * The side that dialled {@code peerNode}, with handshake messages framed by {@code
   * messageHeader}: {@link FrameHeader#HANDSHAKE} (2 bytes) over plain TCP, {@link
   * FrameHeader#CONNECTED} (4 bytes) inside TLS, as OTP's {@code inet_tls_dist} frames them.
   *
   * @throws IllegalArgumentException if {@code peerNode} is not a node name
   */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      initiator(
          HandshakeSettings settings,
          String peerNode,
          AliveDecision aliveDecision,
          FrameHeader messageHeader) {
    NodeNames.check(peerNode);
    return BidiFlow.fromGraph(
        new Handshake(
            "InitiatorHandshake",
            (shape, result) ->
                new InitiatorHandshake(
                    shape, settings, peerNode, aliveDecision, messageHeader, result)));
  }

  /** The side that was dialled; answers every send_name with {@code ok}. */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      acceptor(HandshakeSettings settings) {
    return acceptor(settings, StatusDecision.ALWAYS_OK, HandshakeException.UNKNOWN_PEER);
  }

  /**
   * The side that was dialled.
   *
   * @param remote how to name the peer in logs and errors until it says its name, such as its
   *     address
   */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      acceptor(HandshakeSettings settings, StatusDecision statusDecision, String remote) {
    return acceptor(settings, statusDecision, remote, FrameHeader.HANDSHAKE);
  }

  /**
   * The side that was dialled, with handshake messages framed by {@code messageHeader}: {@link
   * FrameHeader#HANDSHAKE} (2 bytes) over plain TCP, {@link FrameHeader#CONNECTED} (4 bytes) inside
   * TLS, as OTP's {@code inet_tls_dist} frames them.
   *
   * @param remote how to name the peer in logs and errors until it says its name, such as its
   *     address
   */
  public static BidiFlow<
          ByteString, ByteString, ByteString, ByteString, CompletionStage<HandshakeResult>>
      acceptor(
          HandshakeSettings settings,
          StatusDecision statusDecision,
          String remote,
          FrameHeader messageHeader) {
    return BidiFlow.fromGraph(
        new Handshake(
            "AcceptorHandshake",
            (shape, result) ->
                new AcceptorHandshake(
                    shape, settings, statusDecision, remote, messageHeader, result)));
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<HandshakeResult>>
      createLogicAndMaterializedValuePair(Attributes attributes) {
    CompletableFuture<HandshakeResult> result = new CompletableFuture<>();
    return Pair.create(side.create(shape, result), result);
  }
}
