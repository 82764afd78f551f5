package dev.peerl.bridge.rpc;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process registered as {@code rex}: OTP's classic rpc server (rpc.erl), serving the requests
 * that still reach it from OTP 25 and 27 nodes: {@code rpc:block_call} and older nodes' {@code
 * rpc:call} ({@code {'$gen_call', From, {call | block_call, M, F, A, GroupLeader}}}, answered with
 * {@code {Tag, Result}}), older nodes' {@code rpc:cast} ({@code {'$gen_cast', {cast, M, F, A,
 * GroupLeader}}}), the C-node form {@code {From, {call, M, F, A, GroupLeader}}} (answered {@code
 * {rex, Result}}), {@code rpc:sbcast} and {@code {From, {send, Name, Msg}}}, and the nodes
 * observer's {@code {From, features_request}}.
 *
 * <p>Every call runs on its own (as rex spawns a process per call), block_call included: Java
 * functions do not share rex's one thread. Group leaders are ignored: Java functions do no Erlang
 * I/O. Anything else is ignored, as rex ignores it.
 */
final class RexServer {
  private static final Logger LOG = LoggerFactory.getLogger(RexServer.class);

  static final Atom REX = Atom.of("rex");
  private static final Atom GEN_CALL = Atom.of("$gen_call");
  private static final Atom GEN_CAST = Atom.of("$gen_cast");
  private static final Atom CALL = Atom.of("call");
  private static final Atom BLOCK_CALL = Atom.of("block_call");
  private static final Atom CAST = Atom.of("cast");
  private static final Atom SBCAST = Atom.of("sbcast");
  private static final Atom SEND = Atom.of("send");
  private static final Atom FEATURES_REQUEST = Atom.of("features_request");
  private static final Atom FEATURES_REPLY = Atom.of("features_reply");
  private static final Atom NONEXISTING_NAME = Atom.of("nonexisting_name");

  private final ProcessContext process;
  private final JavaApply apply;
  private final Supplier<Term> features;

  private RexServer(ProcessContext process, JavaApply apply, Supplier<Term> features) {
    this.process = process;
    this.apply = apply;
    this.features = features;
  }

  /**
   * Starts {@code rex} on {@code node}.
   *
   * @param features what {@code features_request} is answered with ({@code [erpc]} once erpc is
   *     served)
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if {@code rex} is taken
   */
  static ProcessRef start(ErlangNode node, RpcModules modules, Supplier<Term> features) {
    Function<ProcessContext, Behavior<ProcessMessage>> factory =
        process ->
            Behaviors.setup(
                context -> {
                  JavaApply apply = JavaApply.create(modules, context.getSystem());
                  return new RexServer(process, apply, features).behavior();
                });
    return node.spawn(REX, factory);
  }

  private Behavior<ProcessMessage> behavior() {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              onMessage(m.body());
              return Behaviors.same();
            })
        .build();
  }

  private void onMessage(Term body) {
    if (!(body instanceof Tuple t)) {
      ignore(body);
    } else if (t.isTagged(GEN_CALL, 3)
        && t.get(1) instanceof Tuple from
        && from.arity() == 2
        && from.get(0) instanceof Pid caller) {
      onCall(caller, from.get(1), t.get(2));
    } else if (t.isTagged(GEN_CAST, 2)) {
      onCast(t.get(1));
    } else if (t.arity() == 2 && t.get(0) instanceof Pid from) {
      onInfo(from, t.get(1));
    } else {
      ignore(body);
    }
  }

  private void onCall(Pid caller, Term tag, Term request) {
    if (request instanceof Tuple r && (r.isTagged(CALL, 5) || r.isTagged(BLOCK_CALL, 5))) {
      apply
          .apply(r.get(1), r.get(2), r.get(3))
          .thenAccept(outcome -> reply(caller, Tuple.of(tag, outcome.rpcReply())));
    } else {
      // rex answers nothing to a call it does not know (the caller times out); so do we.
      ignore(request);
    }
  }

  private void onCast(Term request) {
    if (request instanceof Tuple r && r.isTagged(CAST, 5)) {
      apply
          .apply(r.get(1), r.get(2), r.get(3))
          .thenAccept(
              outcome -> {
                if (outcome instanceof Outcome.Raised) {
                  LOG.warn(
                      "rpc:cast of {}:{} failed: {}", r.get(1), r.get(2), outcome.castExitReason());
                }
              });
    } else {
      ignore(request);
    }
  }

  private void onInfo(Pid from, Term request) {
    if (FEATURES_REQUEST.equals(request)) {
      reply(from, Tuple.of(FEATURES_REPLY, process.node().nodeName(), features.get()));
    } else if (request instanceof Tuple r && r.isTagged(CALL, 5)) {
      // "Special for hidden C nodes": the reply is From ! {rex, Result}.
      apply
          .apply(r.get(1), r.get(2), r.get(3))
          .thenAccept(outcome -> reply(from, Tuple.of(REX, outcome.rpcReply())));
    } else if (request instanceof Tuple r
        && r.isTagged(SBCAST, 3)
        && r.get(1) instanceof Atom name) {
      // rpc:sbcast: deliver, then tell the caller whether the name existed here.
      Atom node = process.node().nodeName();
      boolean delivered = sendToName(name, r.get(2));
      reply(from, Tuple.of(REX, node, delivered ? node : Tuple.of(NONEXISTING_NAME, name)));
    } else if (request instanceof Tuple r && r.isTagged(SEND, 3) && r.get(1) instanceof Atom name) {
      if (!sendToName(name, Tuple.of(from, r.get(2)))) {
        reply(from, Tuple.of(REX, process.node().nodeName(), Tuple.of(NONEXISTING_NAME, name)));
      }
    } else {
      ignore(request);
    }
  }

  private boolean sendToName(Atom name, Term message) {
    if (process.node().whereis(name).isEmpty()) {
      return false;
    }
    process.send(name, message);
    return true;
  }

  private void reply(Pid to, Term message) {
    try {
      process.send(to, message);
    } catch (RuntimeException e) {
      // The node is stopping, or the reply cannot be encoded: the caller's monitor or timeout
      // tells it; the server carries on.
      LOG.warn("rex could not reply to {}: {}", to, e.toString());
    }
  }

  private static void ignore(Term message) {
    LOG.debug("rex ignores {}", message);
  }
}
