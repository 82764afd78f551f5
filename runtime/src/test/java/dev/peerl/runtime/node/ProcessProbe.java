package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A Java process that hands everything it receives to {@code inbox}, for interop tests. */
record ProcessProbe(ProcessRef ref, ProcessContext ctx, TestProbe<ProcessMessage> inbox) {
  static final Atom PING = Atom.of("ping");

  Pid pid() {
    return ref.pid();
  }

  /**
   * A probe on {@code on}, registered as {@code name} unless it is null, trapping exits if told.
   */
  static ProcessProbe spawn(JavaNode on, String name, boolean trap) throws Exception {
    TestProbe<ProcessMessage> inbox = on.testKit.createTestProbe();
    CompletableFuture<ProcessContext> context = new CompletableFuture<>();
    Function<ProcessContext, Behavior<ProcessMessage>> factory =
        ctx -> {
          ctx.trapExit(trap);
          context.complete(ctx);
          return Behaviors.receive(ProcessMessage.class)
              .onAnyMessage(
                  m -> {
                    inbox.getRef().tell(m);
                    return Behaviors.same();
                  })
              .build();
        };
    ProcessRef ref = name == null ? on.node.spawn(factory) : on.node.spawn(name, factory);
    return new ProcessProbe(ref, context.get(10, TimeUnit.SECONDS), inbox);
  }

  /**
   * Stops the process with {@code reason} and waits until the node has dropped it (its pid, name,
   * aliases): {@code observer}'s monitor fires only after that.
   */
  void stopAndAwaitDown(ProcessProbe observer, Term reason) {
    Ref monitor = observer.ctx().monitor(pid());
    ctx.stop(reason);
    assertEquals(
        new ProcessMessage.Down(monitor, pid(), reason),
        observer.inbox().receiveMessage(JavaNode.DEADLINE));
  }

  /** Waits until the process has stopped. */
  void expectStopped() {
    inbox.expectTerminated(ref.actor(), JavaNode.DEADLINE);
  }
}
