package dev.peerl.runtime.node;

import dev.peerl.codec.Pid;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.runtime.process.ProcessTable;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.internal.adapter.PropsAdapter;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts local processes: the process's {@link LocalProcess} state in the process table, then its
 * actor, which finds that state when it starts and runs the user's behavior inside the {@link
 * ProcessBehavior}. A process removes itself from the table when it stops (in its PostStop, see
 * {@link ProcessBehavior}).
 *
 * <p>What a million processes made it this way:
 *
 * <ul>
 *   <li>Not a death watch by one guardian actor: that one actor's watch set and its Terminated
 *       messages were most of the cost of a spawn and of a stop, all of it on one thread.
 *   <li>Not children of {@code /system}: a parent keeps its children in an immutable red-black tree
 *       keyed by name, and a spawn under one parent holding a million children spent most of its
 *       time looking names up and copying tree paths. Processes are spread over {@link #PARENTS}
 *       parent actors: each spawning thread gives {@link #RUN} spawns in a row to one parent, then
 *       as many to the next. A spawn sends its parent a {@code Supervise}; from a thread spawning
 *       one process after another, one turn of the parent on a pool thread then takes several of
 *       them. Spread one by one, each spawn found its parent idle and scheduled it from outside the
 *       pool, which woke a pool thread whenever the pool was keeping up (the million's slow rounds
 *       in docs/performance.md). By thread, not by pid: threads spawning at once mostly have
 *       parents of their own, instead of contending for the one whose run their pids would share.
 *   <li>One classic {@code Props} for every process (its creator returns one shared behavior, which
 *       looks the process up by its actor's name): Pekko's typed spawn builds and keeps a {@code
 *       Props}, a {@code Deploy} and their creator closures per actor.
 *   <li>Short actor names: the pid's 28-bit table key in six base-36 digits.
 * </ul>
 *
 * <p>The spawn is synchronous, as {@link ErlangNode#spawn} promises a usable ref at once. It goes
 * through Pekko's {@code ActorCell.attachChild} on the parent, from the caller's thread: the call
 * {@code systemActorOf} makes on the system guardian, made for creating a child from outside the
 * parent (it reserves the name with a compare-and-swap and returns a ref that queues messages until
 * the parent has created the actor). It is internal to Pekko, and Pekko's version is pinned; a
 * change shows when Peerl compiles and in {@code ProcessStarterTest}. (The public {@code
 * ActorContext.actorOf}, called from outside the actor, also worked, but cost more CPU per spawn:
 * it creates the actor in the caller's thread and wakes a pool thread for each new mailbox.)
 */
final class ProcessStarter {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessStarter.class);

  /** The dispatcher of processes and connection streams (reference.conf). */
  static final String DISPATCHER = "peerl.dispatcher";

  /** How many parent actors the processes are spread over; a power of two. */
  static final int PARENTS = 64;

  /** How many spawns in a row from one thread go to one parent. */
  static final int RUN = 64;

  /** Where one thread's spawns go: its current parent, and how many more spawns it takes. */
  private static final class Run {
    int parent;
    int left;

    Run(long threadId) {
      // Threads start at parents spread apart (Fibonacci hashing of the thread's id).
      this.parent = (int) ((threadId * 0x9E3779B97F4A7C15L) >>> 32) & (PARENTS - 1);
      this.left = RUN;
    }
  }

  private static final int NAME_DIGITS = 6;

  /** The user's behavior and what runs first, kept by the process until its actor starts. */
  record Start(
      Function<ProcessContext, Behavior<ProcessMessage>> factory, Consumer<LocalProcess> onStart) {}

  private final ErlangNode node;
  private final ProcessSignals signals;
  private final NodeLifecycle lifecycle;
  private final Supplier<ProcessTable<LocalProcess>> table;
  private final org.apache.pekko.actor.Props processProps;
  private final ActorCell[] parents = new ActorCell[PARENTS];
  private final CompletableFuture<Void> ready;
  private final ThreadLocal<Run> runs =
      ThreadLocal.withInitial(() -> new Run(Thread.currentThread().getId()));

  ProcessStarter(
      ErlangNode node,
      ProcessSignals signals,
      NodeLifecycle lifecycle,
      Supplier<ProcessTable<LocalProcess>> table) {
    this.node = node;
    this.signals = signals;
    this.lifecycle = lifecycle;
    this.table = table;
    Behavior<Object> process = Behaviors.setup(this::run);
    // What systemActorOf builds per actor, built once. (Adapter.props would also wrap every
    // process in a stop supervisor: one more interceptor, ~110 bytes a process, doing what the
    // ProcessBehavior and the actor's own failure handling do already.)
    this.processProps =
        PropsAdapter.apply(() -> process, DispatcherSelector.fromConfig(DISPATCHER), false);
    CompletableFuture<?>[] started = new CompletableFuture<?>[PARENTS];
    for (int i = 0; i < PARENTS; i++) {
      int index = i;
      CompletableFuture<Void> parentStarted = new CompletableFuture<>();
      started[i] = parentStarted;
      node.system()
          .systemActorOf(
              Behaviors.setup(
                  context -> {
                    parents[index] = (ActorCell) Adapter.toClassic(context);
                    parentStarted.complete(null);
                    return Behaviors.empty();
                  }),
              "peerl-processes-" + i,
              DispatcherSelector.fromConfig(DISPATCHER));
    }
    this.ready = CompletableFuture.allOf(started);
  }

  /** Completes when the parent actors have started: processes can be spawned. */
  CompletionStage<Void> ready() {
    return ready;
  }

  /** A pid no live process has, for {@link #start}. */
  Pid allocate() {
    return table.get().allocate();
  }

  /**
   * Starts the process {@code pid}: {@code onStart} runs in the process before {@code factory}, so
   * before anything the process does or any signal its death sends.
   */
  ProcessRef start(
      Pid pid,
      Function<ProcessContext, Behavior<ProcessMessage>> factory,
      Consumer<LocalProcess> onStart) {
    ProcessTable<LocalProcess> processes = table.get();
    int key = ProcessTable.key(pid);
    LocalProcess process = new LocalProcess(pid, new Start(factory, onStart));
    processes.add(process);
    ActorRef<Object> actor;
    try {
      // The parents are published by ready(), which the node awaits before it has a table.
      ActorCell parent = parents[nextParent()];
      actor = Adapter.toTyped(parent.attachChild(processProps, name(key), true));
    } catch (RuntimeException e) {
      processes.remove(pid);
      signals.stopped(process, true);
      throw e;
    }
    process.actorIfAbsent(actor);
    return new ProcessRef(pid, actor.narrow());
  }

  /** The process is stopping: it leaves the table and sends its exit signals and DOWNs, once. */
  void stopped(LocalProcess process) {
    if (process.stopping()) {
      table.get().remove(process.pid);
      signals.stopped(process, lifecycle.stopping());
    }
  }

  /** The shared behavior every process starts with: its own process's start, found by name. */
  private Behavior<Object> run(ActorContext<Object> context) {
    String name = context.getSelf().path().name();
    ProcessTable<LocalProcess> processes = table.get();
    Optional<LocalProcess> found = processes.lookup(processes.pid(key(name)));
    Start start = found.map(LocalProcess::takeStart).orElse(null);
    if (start == null) {
      // Only if the spawn failed after creating the actor: nothing to run.
      LOG.error("process actor {} has no process to run", context.getSelf().path());
      return Behaviors.stopped();
    }
    LocalProcess process = found.get();
    // Before the user's code runs, which may link: signals need the ref.
    process.actor(context.getSelf());
    try {
      start.onStart().accept(process);
    } catch (RuntimeException e) {
      // No interceptor yet to clean up after it, and no PostStop will come.
      LOG.error("process {} failed to start", process.pid, e);
      process.exiting(ExitReason.of(e));
      stopped(process);
      return Behaviors.stopped();
    }
    return ProcessBehavior.start(
        process, this, context, start.factory(), new ProcessContext(node, process.pid));
  }

  /** The index of the parent of this thread's next spawn. */
  private int nextParent() {
    Run run = runs.get();
    if (run.left == 0) {
      run.parent = (run.parent + 1) & (PARENTS - 1);
      run.left = RUN;
    }
    run.left--;
    return run.parent;
  }

  /**
   * The actor name of the process with table key {@code key}: fixed width, so names sort as keys.
   */
  static String name(int key) {
    char[] digits = new char[NAME_DIGITS];
    int rest = key;
    for (int i = NAME_DIGITS - 1; i >= 0; i--) {
      digits[i] = Character.forDigit(rest % Character.MAX_RADIX, Character.MAX_RADIX);
      rest /= Character.MAX_RADIX;
    }
    return new String(digits);
  }

  static int key(String name) {
    return Integer.parseInt(name, Character.MAX_RADIX);
  }
}
