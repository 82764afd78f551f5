package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.control.ControlMessage.DemonitorP;
import dev.peerl.runtime.control.ControlMessage.Exit;
import dev.peerl.runtime.control.ControlMessage.SpawnReply;
import dev.peerl.runtime.control.ControlMessage.SpawnRequest;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.SpawnException;
import dev.peerl.runtime.process.SpawnOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spawn requests this node's processes make on other nodes ({@code erlang:spawn_request/5}): the
 * SPAWN_REQUEST goes out, and its SPAWN_REPLY sets up the requester's side of the link and monitor
 * the new process's node set up on its side, then completes the request with the pid. A reply that
 * finds the requester gone undoes that node's side (EXIT {@code noproc}, DEMONITOR_P); the requests
 * still waiting when their node goes down fail with {@code noconnection}.
 */
final class SpawnRequests {
  private static final Atom NOCONNECTION = ExitReason.NOCONNECTION;

  private record Pending(Pid requester, Atom node, CompletableFuture<Pid> result) {}

  private final ErlangNode node;
  private final ProcessSignals signals;
  private final Map<Ref, Pending> pending = new ConcurrentHashMap<>();

  SpawnRequests(ErlangNode node, ProcessSignals signals) {
    this.node = node;
    this.signals = signals;
  }

  CompletionStage<Pid> request(
      Pid requester,
      Atom onNode,
      Atom module,
      Atom function,
      List<Term> args,
      Set<SpawnOption> options) {
    Pid groupLeader = signals.groupLeader(requester).orElse(requester);
    Ref id = signals.newRef();
    CompletableFuture<Pid> result = new CompletableFuture<>();
    pending.put(id, new Pending(requester, onNode, result));
    Term[] opts =
        options.stream()
            .map(o -> o == SpawnOption.LINK ? Atom.of("link") : Atom.of("monitor"))
            .toArray(Term[]::new);
    SpawnRequest request =
        new SpawnRequest(
            id,
            requester,
            groupLeader,
            module,
            function,
            args.size(),
            ErlList.of(opts),
            ErlList.of(args));
    try {
      node.remoteConnection(onNode).send(request);
    } catch (RuntimeException e) {
      pending.remove(id);
      throw e;
    }
    return result.minimalCompletionStage();
  }

  void onReply(Connection from, SpawnReply reply) {
    Pending request = pending.remove(reply.requestId());
    if (request == null) {
      return;
    }
    if (!(reply.result() instanceof Pid child)) {
      request.result().completeExceptionally(new SpawnException(request.node(), reply.result()));
      return;
    }
    if (!signals.spawned(request.requester(), child, reply.requestId(), reply.flags())) {
      // The requester died before the reply: undo what the other node set up for it.
      if ((reply.flags() & SpawnReply.FLAG_LINK) != 0) {
        from.send(new Exit(request.requester(), child, ExitReason.NOPROC));
      }
      if ((reply.flags() & SpawnReply.FLAG_MONITOR) != 0) {
        from.send(new DemonitorP(request.requester(), child, reply.requestId()));
      }
    }
    request.result().complete(child);
  }

  void nodeDown(Atom peer) {
    pending.forEach(
        (id, request) -> {
          if (request.node().equals(peer) && pending.remove(id, request)) {
            request.result().completeExceptionally(new SpawnException(peer, NOCONNECTION));
          }
        });
  }
}
