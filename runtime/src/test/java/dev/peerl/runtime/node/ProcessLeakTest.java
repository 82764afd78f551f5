package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.runtime.process.AliasMode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A million short-lived processes, linked to and monitoring each other, with aliases, registered
 * names and a few links and monitors with an erl process, all stop: every table of the node is back
 * to its size before.
 */
class ProcessLeakTest {
  private static final String COOKIE = "peerl_leak_cookie";
  private static final int PROCESSES = 1_000_000;
  private static final int GROUP = 4;
  private static final int GROUPS_AT_ONCE = 5_000;
  private static final Atom GO = Atom.of("go");
  private static final Atom DONE = Atom.of("done");

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @Test
  void aMillionShortLivedProcessesLeaveEveryTableAsItWas() throws Exception {
    try (JavaNode java = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), COOKIE, "")) {
      Pid sink =
          (Pid)
              erlang
                  .node()
                  .eval(
                      "spawn(fun() -> process_flag(trap_exit, true),"
                          + " (fun L() -> receive _ -> L() end end)() end)");
      java.node.connect(erlang.node().nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      TableSizes baseline = java.node.tableSizes();
      Semaphore slots = new Semaphore(GROUPS_AT_ONCE);
      AtomicInteger finished = new AtomicInteger();
      long start = System.nanoTime();
      int groups = PROCESSES / GROUP;
      for (int g = 0; g < groups; g++) {
        assertTrue(slots.tryAcquire(10, TimeUnit.SECONDS), "no group finished for 10 s");
        spawnGroup(
            java.node,
            g,
            sink,
            () -> {
              finished.incrementAndGet();
              slots.release();
            });
      }
      assertTrue(slots.tryAcquire(GROUPS_AT_ONCE, 10, TimeUnit.SECONDS));
      assertEquals(groups, finished.get());
      System.out.printf(
          "%d processes spawned and stopped in %d ms%n",
          PROCESSES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      java.testKit
          .createTestProbe()
          .awaitAssert(
              Duration.ofSeconds(10),
              () -> {
                assertEquals(baseline, java.node.tableSizes());
                return null;
              });
    }
  }

  /**
   * Four processes: {@code a} (an alias; sometimes a registered name, a link and a monitor with an
   * erl process) exits with {@code done} when told; {@code b}, linked to it, dies of it; {@code c}
   * traps the exit of {@code b} and stops; {@code d}, monitoring {@code c}, stops on its DOWN and
   * reports. A link or monitor made after its target died gets {@code noproc}, which ends the chain
   * the same way.
   */
  private static void spawnGroup(ErlangNode node, int g, Pid remote, Runnable finished) {
    ProcessRef a =
        node.spawn(
            ctx -> {
              ctx.alias();
              if (g % 1000 == 0) {
                ctx.link(remote);
                ctx.monitor(remote);
              }
              return onMessage(
                  ctx,
                  m -> {
                    ctx.stop(DONE);
                    return Behaviors.same();
                  });
            });
    if (g % 10 == 0) {
      node.register(Atom.of("leak_" + g), a.pid());
    }
    ProcessRef b =
        node.spawn(
            ctx -> {
              ctx.link(a.pid());
              ctx.monitor(a.pid());
              ctx.alias(AliasMode.REPLY);
              return onMessage(ctx, m -> Behaviors.same());
            });
    ProcessRef c =
        node.spawn(
            ctx -> {
              ctx.trapExit(true);
              ctx.link(b.pid());
              ctx.monitor(a.pid());
              return onMessage(
                  ctx,
                  m ->
                      m instanceof ProcessMessage.ExitSignal
                          ? Behaviors.stopped()
                          : Behaviors.same());
            });
    node.spawn(
        ctx -> {
          ctx.monitor(c.pid());
          ctx.alias();
          return onMessage(
              ctx,
              m -> {
                if (m instanceof ProcessMessage.Down) {
                  finished.run();
                  return Behaviors.stopped();
                }
                return Behaviors.same();
              });
        });
    node.send(a.pid(), a.pid(), GO);
  }

  private static Behavior<ProcessMessage> onMessage(
      ProcessContext ctx,
      java.util.function.Function<ProcessMessage, Behavior<ProcessMessage>> handler) {
    return Behaviors.receive(ProcessMessage.class).onAnyMessage(handler::apply).build();
  }
}
