package dev.peerl.bridge.genserver;

import dev.peerl.bridge.genserver.GenServer.CallStep;
import dev.peerl.bridge.genserver.GenServer.NoReply;
import dev.peerl.bridge.genserver.GenServer.Reply;
import dev.peerl.bridge.genserver.GenServer.Step;
import dev.peerl.bridge.genserver.GenServer.Stop;
import dev.peerl.bridge.genserver.GenServer.StopAndReply;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running {@link GenServer}: {@code gen_server:loop} as a Pekko behavior. */
final class ServerLoop<S> {
  private static final Logger LOG = LoggerFactory.getLogger(GenServer.class);
  private static final Atom BAD_CALL = Atom.of("bad_call");
  private static final Atom BAD_CAST = Atom.of("bad_cast");
  private static final Atom SHUTDOWN = Atom.of("shutdown");

  record Spec<S>(
      Function<ServerContext, S> init,
      GenServer.CallHandler<S> onCall,
      GenServer.MessageHandler<S> onCast,
      GenServer.MessageHandler<S> onInfo,
      GenServer.TerminateHandler<S> onTerminate) {}

  private final Spec<S> spec;
  private final ProcessContext process;
  private final PendingCalls calls;
  private final ServerContext ctx;
  private S state;

  private ServerLoop(Spec<S> spec, ProcessContext process, ActorSystem<?> system) {
    this.spec = spec;
    this.process = process;
    this.calls =
        new PendingCalls(
            process.node(), system, process.self(), PendingCalls.maxPendingCalls(system));
    this.ctx = new ServerContext(process, calls);
  }

  static <S> Behavior<ProcessMessage> start(ProcessContext process, Spec<S> spec) {
    return Behaviors.setup(
        actor -> {
          ServerLoop<S> loop = new ServerLoop<>(spec, process, actor.getSystem());
          loop.state = spec.init().apply(loop.ctx);
          return loop.running();
        });
  }

  private Behavior<ProcessMessage> running() {
    return Behaviors.receive(ProcessMessage.class).onAnyMessage(this::handle).build();
  }

  private Behavior<ProcessMessage> handle(ProcessMessage message) {
    if (calls.handle(message)) {
      return Behaviors.same();
    }
    try {
      return dispatch(message);
    } catch (RuntimeException e) {
      // The runtime stops the process with {Class, <<"message">>}: terminate sees that reason.
      terminate(ExitReason.of(e));
      throw e;
    }
  }

  private Behavior<ProcessMessage> dispatch(ProcessMessage message) {
    if (message instanceof ProcessMessage.Message m) {
      Term body = m.body();
      Tuple caller = GenMessages.callerOf(body);
      if (caller != null) {
        Term request = ((Tuple) body).get(2);
        From from = new From(process.node(), process.self(), (Pid) caller.get(0), caller.get(1));
        return onCall(request, from);
      }
      if (body instanceof Tuple cast && cast.isTagged(GenMessages.GEN_CAST, 2)) {
        return onCast(cast.get(1));
      }
      return onInfo(body);
    }
    if (message instanceof ProcessMessage.ExitSignal exit) {
      return onInfo(Tuple.of(GenMessages.EXIT, exit.from(), exit.reason()));
    }
    ProcessMessage.Down down = (ProcessMessage.Down) message;
    return onInfo(
        Tuple.of(GenMessages.DOWN, down.ref(), GenMessages.PROCESS, down.target(), down.reason()));
  }

  private Behavior<ProcessMessage> onCall(Term request, From from) {
    if (spec.onCall() == null) {
      return stop(Tuple.of(BAD_CALL, request));
    }
    CallStep<S> step = spec.onCall().onCall(ctx, state, request, from);
    if (step instanceof Reply<S> reply) {
      state = reply.state();
      from.reply(reply.reply());
      return Behaviors.same();
    }
    if (step instanceof StopAndReply<S> stop) {
      state = stop.state();
      from.reply(stop.reply());
      return stop(stop.reason());
    }
    return apply((Step<S>) step);
  }

  private Behavior<ProcessMessage> onCast(Term message) {
    if (spec.onCast() == null) {
      return stop(Tuple.of(BAD_CAST, message));
    }
    return apply(spec.onCast().onMessage(ctx, state, message));
  }

  private Behavior<ProcessMessage> onInfo(Term message) {
    if (spec.onInfo() == null) {
      LOG.warn("gen_server {} got an unexpected message: {}", process.self(), message);
      return Behaviors.same();
    }
    return apply(spec.onInfo().onMessage(ctx, state, message));
  }

  private Behavior<ProcessMessage> apply(Step<S> step) {
    if (step == null) {
      throw new IllegalStateException("a GenServer handler returned null instead of a step");
    }
    if (step instanceof NoReply<S> next) {
      state = next.state();
      return Behaviors.same();
    }
    Stop<S> stop = (Stop<S>) step;
    state = stop.state();
    return stop(stop.reason());
  }

  private Behavior<ProcessMessage> stop(Term reason) {
    terminate(reason);
    if (ExitReason.isNormal(reason)) {
      return Behaviors.stopped();
    }
    if (!isShutdown(reason)) {
      LOG.warn("gen_server {} terminating with reason {}", process.self(), reason);
    }
    process.stop(reason);
    // Until the stop takes effect nothing more is handled: waiting callers see the exit reason.
    return Behaviors.receive(ProcessMessage.class).onAnyMessage(m -> Behaviors.same()).build();
  }

  private void terminate(Term reason) {
    calls.abandon();
    try {
      spec.onTerminate().onTerminate(ctx, state, reason);
    } catch (RuntimeException e) {
      LOG.warn("gen_server {}: terminate failed: {}", process.self(), e.toString(), e);
    }
  }

  private static boolean isShutdown(Term reason) {
    return SHUTDOWN.equals(reason) || (reason instanceof Tuple t && t.isTagged(SHUTDOWN, 2));
  }
}
