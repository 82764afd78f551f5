package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.runtime.handshake.HandshakeStatus;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's status decisions of {@link ConnectionRegistry}, each branch on its own: a
 * simultaneous connect is won by the larger node name ({@code nok} from the winner, {@code
 * ok_simultaneous} from the loser), as OTP's {@code dist_util}.
 */
class ConnectionRegistryTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String LOW = "alpha@host";
  private static final String HIGH = "omega@host";

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Connection connection(Connection.Direction direction, String peer) {
    return new Connection(
        direction,
        peer,
        16,
        new OutboundBytes(1 << 20, 1 << 16, Runnable::run),
        new ControlTrace("test@host", false));
  }

  /** Our own dial to {@code peer}, still in its handshake; its actor is {@code actor}. */
  private static Connection dial(
      ConnectionRegistry registry, String peer, TestProbe<ConnectionActor.Command> actor) {
    return registry.getOrDial(
        peer,
        node -> {
          Connection dialled = connection(Connection.Direction.OUTBOUND, node);
          dialled.actor(actor.getRef());
          return dialled;
        });
  }

  @Test
  void aFirstConnectionFromANodeIsAnsweredOk() {
    ConnectionRegistry registry = new ConnectionRegistry(HIGH);
    Connection incoming = connection(Connection.Direction.INBOUND, null);
    assertEquals(HandshakeStatus.OK, registry.decideIncoming(incoming, LOW));
    assertSame(incoming, registry.get(LOW));
  }

  @Test
  void theLargerNameKeepsItsOwnDialAndAnswersNok() {
    ConnectionRegistry registry = new ConnectionRegistry(HIGH);
    TestProbe<ConnectionActor.Command> actor = testKit.createTestProbe();
    Connection ours = dial(registry, LOW, actor);
    Connection incoming = connection(Connection.Direction.INBOUND, null);

    assertEquals(HandshakeStatus.NOK, registry.decideIncoming(incoming, LOW));
    assertSame(ours, registry.get(LOW));
    actor.expectNoMessage(Duration.ofMillis(200)); // our dial goes on
  }

  @Test
  void theSmallerNameGivesItsDialUpForTheIncomingOneAndAnswersOkSimultaneous() {
    ConnectionRegistry registry = new ConnectionRegistry(LOW);
    TestProbe<ConnectionActor.Command> actor = testKit.createTestProbe();
    Connection ours = dial(registry, HIGH, actor);
    Connection incoming = connection(Connection.Direction.INBOUND, null);

    assertEquals(HandshakeStatus.OK_SIMULTANEOUS, registry.decideIncoming(incoming, HIGH));
    assertSame(incoming, registry.get(HIGH));
    // Our dial is told to close...
    assertEquals("Close", actor.receiveMessage(JavaNode.DEADLINE).getClass().getSimpleName());
    // ...and whoever waits for it is answered by the incoming connection.
    assertFalse(ours.established.isDone());
    incoming.established.complete(Done.getInstance());
    assertTrue(ours.established.isDone());
    assertFalse(ours.established.isCompletedExceptionally());
  }

  @Test
  void aSecondIncomingHandshakeFromTheSameNodeIsAnsweredNok() {
    ConnectionRegistry registry = new ConnectionRegistry(HIGH);
    assertEquals(
        HandshakeStatus.OK,
        registry.decideIncoming(connection(Connection.Direction.INBOUND, null), LOW));
    assertEquals(
        HandshakeStatus.NOK,
        registry.decideIncoming(connection(Connection.Direction.INBOUND, null), LOW));
  }
}
