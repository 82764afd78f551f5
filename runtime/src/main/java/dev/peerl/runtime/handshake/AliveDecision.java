package dev.peerl.runtime.handshake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How an initiator answers an acceptor's {@code alive} status (the acceptor already has a
 * connection under our name): {@code true} to go on and replace it, {@code false} to give up. OTP
 * answers {@code true} when it has no connection of its own to that node, that is when the old
 * connection the acceptor sees is a stale one.
 */
@FunctionalInterface
public interface AliveDecision {
  /** Always go on, as erl does for a node it is not connected to. */
  AliveDecision ALWAYS_CONTINUE = peerNode -> CompletableFuture.completedFuture(true);

  /** Always give up. */
  AliveDecision NEVER_CONTINUE = peerNode -> CompletableFuture.completedFuture(false);

  CompletionStage<Boolean> continueHandshake(String peerNode);
}
