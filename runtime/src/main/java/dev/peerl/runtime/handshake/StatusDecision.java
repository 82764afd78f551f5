package dev.peerl.runtime.handshake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How an acceptor answers a send_name: the node's connection table decides (simultaneous connects,
 * an existing connection to the same name). The handshake waits for the answer, within the step's
 * time limit.
 */
@FunctionalInterface
public interface StatusDecision {
  /** Always {@link HandshakeStatus#OK}. */
  StatusDecision ALWAYS_OK =
      (peerNode, peerFlags) -> CompletableFuture.completedFuture(HandshakeStatus.OK);

  /**
   * @param peerNode the name the initiator sent
   * @param peerFlags the flags it offered
   * @return the status to send; {@code NOK} and {@code NOT_ALLOWED} end the handshake
   */
  CompletionStage<HandshakeStatus> decide(String peerNode, long peerFlags);
}
