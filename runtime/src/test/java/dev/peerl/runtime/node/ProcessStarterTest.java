package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The spawn path: processes spread over the parent actors, a spawn usable at once from any thread,
 * from Java and from a real erl node, and actor names that sort as the pids' table keys.
 */
class ProcessStarterTest {
  private static final String COOKIE = "peerl_starter_cookie";
  private static final Atom HELLO = Atom.of("hello");
  private static final Atom STOP = Atom.of("stop");

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  @Test
  void namesAreSixBase36DigitsThatSortAsTheKeys() {
    int[] keys = {0, 1, 35, 36, 0x7FFF, 0x8000, 1_000_000, (1 << 28) - 1};
    String previous = null;
    for (int key : keys) {
      String name = ProcessStarter.name(key);
      assertEquals(6, name.length(), name);
      assertEquals(key, ProcessStarter.key(name));
      if (previous != null) {
        assertTrue(previous.compareTo(name) < 0, previous + " sorts after " + name);
      }
      previous = name;
    }
  }

  @Test
  void aThreadsSpawnsGoToOneParentARunAtATime() throws Exception {
    ErlangNode node = javaNode.get().node;
    int baseline = node.processCount();
    int run = ProcessStarter.RUN;
    List<String> parents = new ArrayList<>();
    List<ProcessRef> refs = new ArrayList<>();
    for (int i = 0; i < 3 * run; i++) {
      ProcessRef ref = node.spawn(ctx -> Behaviors.receive(ProcessMessage.class).build());
      refs.add(ref);
      parents.add(ref.actor().path().parent().name());
    }
    // Lengths of the runs of one parent: this thread may have been inside a run before.
    List<Integer> lengths = new ArrayList<>();
    int length = 1;
    for (int i = 1; i < parents.size(); i++) {
      if (parents.get(i).equals(parents.get(i - 1))) {
        length++;
      } else {
        lengths.add(length);
        length = 1;
      }
    }
    lengths.add(length);
    assertTrue(lengths.size() == 3 || lengths.size() == 4, lengths.toString());
    for (int i = 1; i < lengths.size() - 1; i++) {
      assertEquals(run, lengths.get(i), lengths.toString());
    }
    assertTrue(lengths.get(0) <= run && lengths.get(lengths.size() - 1) <= run, lengths.toString());
    assertEquals(lengths.size(), new HashSet<>(parents).size(), "a parent came back: " + parents);
    for (ProcessRef ref : refs) {
      node.exit(ref.pid(), ref.pid(), Atom.of("kill"));
    }
    javaNode.get().awaitProcessCount(baseline);
  }

  @Test
  void messagesSentRightAfterSpawnsFromManyThreadsAllArrive() throws Exception {
    ErlangNode node = javaNode.get().node;
    int baseline = node.processCount();
    int threads = 4;
    int perThread = 5_000;
    CountDownLatch arrived = new CountDownLatch(threads * perThread * 2);
    ExecutorService spawners = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<ProcessRef>>> spawned = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        spawned.add(
            spawners.submit(
                () -> {
                  List<ProcessRef> refs = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    ProcessRef ref = node.spawn(ctx -> countThenStopOnSecond(arrived));
                    node.send(ref.pid(), ref.pid(), HELLO);
                    ref.actor().tell(new ProcessMessage.Message(HELLO));
                    refs.add(ref);
                  }
                  return refs;
                }));
      }
      Set<Pid> pids = new HashSet<>();
      Set<String> parents = new HashSet<>();
      for (Future<List<ProcessRef>> refs : spawned) {
        for (ProcessRef ref : refs.get(10, TimeUnit.SECONDS)) {
          pids.add(ref.pid());
          parents.add(ref.actor().path().parent().name());
        }
      }
      assertEquals(threads * perThread, pids.size());
      assertEquals(ProcessStarter.PARENTS, parents.size(), parents.toString());
      assertTrue(arrived.await(10, TimeUnit.SECONDS), arrived.getCount() + " messages missing");
      javaNode.get().awaitProcessCount(baseline);
    } finally {
      spawners.shutdownNow();
    }
  }

  /**
   * A process that sends to its own pid while its behavior is being set up gets the message (the
   * soak test once lost such messages when the pid entered the table after the actor could run).
   */
  @Test
  void aMessageAProcessSendsItselfWhileStartingArrives() throws Exception {
    ErlangNode node = javaNode.get().node;
    int baseline = node.processCount();
    int count = 5_000;
    CountDownLatch arrived = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      node.spawn(
          ctx -> {
            ctx.send(ctx.self(), STOP);
            return Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    m -> {
                      arrived.countDown();
                      return Behaviors.stopped();
                    })
                .build();
          });
    }
    assertTrue(arrived.await(10, TimeUnit.SECONDS), arrived.getCount() + " never got their own");
    javaNode.get().awaitProcessCount(baseline);
  }

  @Test
  void anErlProcessReachesEveryJavaProcessAsSoonAsItHasThePids() throws Exception {
    ErlangNode node = javaNode.get().node;
    int baseline = node.processCount();
    int count = 2_000;
    Map<Pid, Boolean> heard = new ConcurrentHashMap<>();
    CountDownLatch arrived = new CountDownLatch(count);
    List<Term> pids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pids.add(
          node.spawn(
                  ctx ->
                      Behaviors.receive(ProcessMessage.class)
                          .onMessage(
                              ProcessMessage.Message.class,
                              m -> {
                                if (m.body() instanceof Tuple t && t.get(0).equals(HELLO)) {
                                  heard.put(ctx.self(), t.get(1).equals(ctx.self()));
                                  arrived.countDown();
                                }
                                return m.body().equals(STOP)
                                    ? Behaviors.stopped()
                                    : Behaviors.same();
                              })
                          .build())
              .pid());
    }
    erlang
        .node()
        .eval(
            "lists:foreach(fun(P) -> P ! {hello, P} end, Pids), ok",
            Map.of("Pids", ErlList.of(pids)));
    assertTrue(
        arrived.await(10, TimeUnit.SECONDS), arrived.getCount() + " processes heard nothing");
    assertEquals(count, heard.size());
    assertTrue(
        heard.values().stream().allMatch(Boolean::booleanValue),
        "a message reached the wrong process");
    for (Term pid : pids) {
      node.send((Pid) pid, (Pid) pid, STOP);
    }
    javaNode.get().awaitProcessCount(baseline);
  }

  /** Counts each message; stops after the second, so the test leaves no process behind. */
  private static org.apache.pekko.actor.typed.Behavior<ProcessMessage> countThenStopOnSecond(
      CountDownLatch arrived) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            first -> {
              arrived.countDown();
              return Behaviors.receive(ProcessMessage.class)
                  .onMessage(
                      ProcessMessage.Message.class,
                      second -> {
                        arrived.countDown();
                        return Behaviors.stopped();
                      })
                  .build();
            })
        .build();
  }
}
