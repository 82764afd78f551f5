package dev.peerl.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ConnectionStats;
import dev.peerl.runtime.process.NameAlreadyRegisteredException;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sources over Java mailboxes fed by a real erl node, and sinks that send to erl processes. */
class ErlangStreamsInteropTest {
  private static final String COOKIE = "peerl_stream_cookie";
  private static final Path CODE = ErlangCompiler.compileResources("peerl_stream_test");
  private static final Atom N = Atom.of("n");

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE).codePath(CODE));

  private static BridgeTestNode java;

  @BeforeAll
  static void startJava() throws Exception {
    java = BridgeTestNode.start(BridgeTestNode.hostOf(erlang.node().nodeName()), COOKIE);
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static Term eval(String expression, Map<String, Term> bindings) {
    return erlang.node().eval(expression, bindings);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(BridgeTestNode.DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletionStage<?> stage) {
    return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
  }

  private static List<Term> numbered(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> (Term) Tuple.of(N, Int.of(i))).toList();
  }

  private static List<Term> numbered(int... numbers) {
    return IntStream.of(numbers).mapToObj(i -> (Term) Tuple.of(N, Int.of(i))).toList();
  }

  // ---- Source ----

  @Test
  void emitsWhatErlSendsToTheMaterializedPidInOrder() throws Exception {
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(java.node(), 1000, MailboxOverflow.FAIL)
            .take(500)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    eval("peerl_stream_test:send_seq(P, n, 500)", Map.of("P", run.first().pid()));
    assertEquals(numbered(1, 500), await(run.second()));
  }

  @Test
  void registersTheProcessUnderItsNameAndCompletesWhenStopped() throws Exception {
    TestProbe<Term> seen = java.testKit().createTestProbe();
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(
                java.node(), MailboxSettings.of(16, MailboxOverflow.FAIL).withName("events"))
            .wireTap(seen.getRef()::tell)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    Mailbox mailbox = run.first();
    assertEquals(Optional.of(mailbox.pid()), java.node().whereis(Atom.of("events")));
    Term watcher = eval("peerl_stream_test:watch(P)", Map.of("P", mailbox.pid()));
    eval("{events, J} ! hello, P ! world, ok", Map.of("J", java.name(), "P", mailbox.pid()));
    seen.expectMessage(BridgeTestNode.DEADLINE, Atom.of("hello"));
    seen.expectMessage(BridgeTestNode.DEADLINE, Atom.of("world"));
    mailbox.stop();
    assertEquals(List.of(Atom.of("hello"), Atom.of("world")), await(run.second()));
    assertEquals(Atom.of("normal"), eval("peerl_stream_test:down(W)", Map.of("W", watcher)));
    assertEquals(Optional.empty(), java.node().whereis(Atom.of("events")));
  }

  @Test
  void refusesANameAlreadyTaken() {
    java.node().spawn("taken", ctx -> Behaviors.ignore());
    Source<Term, Mailbox> source =
        ErlangSource.mailbox(
            java.node(), MailboxSettings.of(16, MailboxOverflow.FAIL).withName("taken"));
    assertThrows(
        NameAlreadyRegisteredException.class,
        () -> source.to(Sink.ignore()).run(java.testKit().system()));
  }

  @Test
  void cancellingTheStreamStopsTheProcessNormally() throws Exception {
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(java.node(), 16, MailboxOverflow.FAIL)
            .take(1)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    Term watcher = eval("peerl_stream_test:watch(P)", Map.of("P", run.first().pid()));
    eval("P ! only, ok", Map.of("P", run.first().pid()));
    assertEquals(List.of(Atom.of("only")), await(run.second()));
    assertEquals(Atom.of("normal"), eval("peerl_stream_test:down(W)", Map.of("W", watcher)));
  }

  // ---- overflow: 1 element waits in the queue sink, 4 in the buffer, 3 more overflow ----

  /** Runs a mailbox behind a sink that takes one element until asked, and sends it 1..8. */
  private static Pair<Mailbox, SinkQueueWithCancel<Term>> overflowed(MailboxOverflow overflow)
      throws Exception {
    Pair<Mailbox, SinkQueueWithCancel<Term>> run =
        ErlangSource.mailbox(java.node(), 4, overflow)
            .toMat(Sink.<Term>queue().withAttributes(Attributes.inputBuffer(1, 1)), Keep.both())
            .run(java.testKit().system());
    eval("peerl_stream_test:send_seq(P, n, 8)", Map.of("P", run.first().pid()));
    return run;
  }

  private static List<Term> drain(SinkQueueWithCancel<Term> queue) throws Exception {
    List<Term> all = new ArrayList<>();
    for (Optional<Term> next = await(queue.pull()); next.isPresent(); next = await(queue.pull())) {
      all.add(next.get());
    }
    return all;
  }

  private static List<Term> afterOverflow(MailboxOverflow overflow) throws Exception {
    Pair<Mailbox, SinkQueueWithCancel<Term>> run = overflowed(overflow);
    Mailbox mailbox = run.first();
    java.testKit()
        .createTestProbe()
        .awaitAssert(
            BridgeTestNode.DEADLINE,
            () -> {
              assertEquals(3, mailbox.dropped());
              return null;
            });
    mailbox.stop();
    return drain(run.second());
  }

  @Test
  void dropNewKeepsTheBufferAndDropsWhatArrives() throws Exception {
    assertEquals(numbered(1, 2, 3, 4, 5), afterOverflow(MailboxOverflow.DROP_NEW));
  }

  @Test
  void dropHeadDropsTheOldestBufferedMessages() throws Exception {
    assertEquals(numbered(1, 5, 6, 7, 8), afterOverflow(MailboxOverflow.DROP_HEAD));
  }

  @Test
  void dropTailReplacesTheNewestBufferedMessage() throws Exception {
    assertEquals(numbered(1, 2, 3, 4, 8), afterOverflow(MailboxOverflow.DROP_TAIL));
  }

  @Test
  void failFailsTheStreamAndStopsTheProcessWithBufferOverflow() throws Exception {
    Pair<Mailbox, SinkQueueWithCancel<Term>> run =
        ErlangSource.mailbox(java.node(), 4, MailboxOverflow.FAIL)
            .toMat(Sink.<Term>queue().withAttributes(Attributes.inputBuffer(1, 1)), Keep.both())
            .run(java.testKit().system());
    Pid pid = run.first().pid();
    Term watcher = eval("peerl_stream_test:watch(P)", Map.of("P", pid));
    eval("peerl_stream_test:send_seq(P, n, 8)", Map.of("P", pid));
    assertEquals(
        Tuple.of(Atom.of("buffer_overflow"), Int.of(4)),
        eval("peerl_stream_test:down(W)", Map.of("W", watcher)));
    // The element the queue held comes first, then the failure.
    assertEquals(Optional.of(numbered(1).get(0)), await(run.second().pull()));
    Throwable failure = failure(run.second().pull());
    MailboxOverflowException overflow = assertInstanceOf(MailboxOverflowException.class, failure);
    assertEquals(pid, overflow.pid());
    assertEquals(4, overflow.bufferSize());
  }

  // ---- links and monitors ----

  /**
   * Makes the erl linker exit with {@code reason}, told from the mailbox's own process: after its
   * link or monitor, so erl gets them in that order (one pair of processes keeps its order).
   */
  private static void exitWith(Mailbox mailbox, Pid erl, Term reason) {
    java.node().send(mailbox.pid(), erl, Tuple.of(Atom.of("exit"), reason));
  }

  private static Pair<Mailbox, CompletionStage<List<Term>>> collecting(MailboxSettings settings) {
    return ErlangSource.mailbox(java.node(), settings)
        .toMat(Sink.seq(), Keep.both())
        .run(java.testKit().system());
  }

  @Test
  void aSinkFasterThanTheConnectionIsBackpressuredInsteadOfLosingMessages() throws Exception {
    // Room for 16 messages of 64 KiB: a sink that did not wait for the socket would lose most.
    try (BridgeTestNode paced =
        BridgeTestNode.start(
            BridgeTestNode.hostOf(erlang.node().nodeName()),
            COOKIE,
            "peerl.distribution { outbound-queue-bytes = 1MiB, outbound-busy-limit = 256KiB }")) {
      Atom erl = erlang.node().nodeAtom();
      eval("peerl_stream_test:seq_checker(paced_sink)", Map.of());
      Binary payload = Binary.of(new byte[64 * 1024]);
      int count = 1000;
      await(
          Source.range(1, count)
              .map(i -> (Term) Tuple.of(N, Int.of(i), payload))
              .runWith(
                  ErlangSink.to(paced.node(), Atom.of("paced_sink"), erl),
                  paced.testKit().system()));
      // {Count, Bad}: every message, each the one after the last.
      assertEquals(
          Tuple.of(Int.of(count), Int.of(0)),
          eval("peerl_stream_test:checked(paced_sink, N)", Map.of("N", Int.of(count))));
      ConnectionStats stats = paced.node().connectionStats(erl).orElseThrow();
      assertEquals(0, stats.dropped(), stats.toString());
      // The busy limit and the message sent just before the connection turned busy.
      assertTrue(stats.outboundBytesPeak() <= (256 + 2 * 65) * 1024, stats.toString());
    }
  }

  @Test
  void failsWhenALinkedErlProcessExitsAbnormally() throws Exception {
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        collecting(MailboxSettings.of(16, MailboxOverflow.FAIL));
    Pid erl = (Pid) eval("peerl_stream_test:linker()", Map.of());
    run.first().link(erl);
    Term watcher = eval("peerl_stream_test:watch(P)", Map.of("P", run.first().pid()));
    exitWith(run.first(), erl, Atom.of("boom"));
    ProcessExitException exit = assertInstanceOf(ProcessExitException.class, failure(run.second()));
    assertEquals(run.first().pid(), exit.process());
    assertEquals(Atom.of("boom"), exit.reason());
    // The process died of it, as a process that does not trap exits does.
    assertEquals(Atom.of("boom"), eval("peerl_stream_test:down(W)", Map.of("W", watcher)));
  }

  @Test
  void aLinkedProcessExitingNormallyLeavesTheStreamRunning() throws Exception {
    TestProbe<Term> seen = java.testKit().createTestProbe();
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(java.node(), 16, MailboxOverflow.FAIL)
            .wireTap(seen.getRef()::tell)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    Pid erl = (Pid) eval("peerl_stream_test:linker()", Map.of());
    run.first().link(erl);
    exitWith(run.first(), erl, Atom.of("normal"));
    eval(
        "peerl_stream_test:await_dead(E), P ! after_exit, ok",
        Map.of("E", erl, "P", run.first().pid()));
    seen.expectMessage(BridgeTestNode.DEADLINE, Atom.of("after_exit"));
    run.first().stop();
    assertEquals(List.of(Atom.of("after_exit")), await(run.second()));
  }

  @Test
  void failsWithKilledWhenErlKillsTheProcess() throws Exception {
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        collecting(MailboxSettings.of(16, MailboxOverflow.FAIL));
    eval("exit(P, kill), ok", Map.of("P", run.first().pid()));
    ProcessExitException exit = assertInstanceOf(ProcessExitException.class, failure(run.second()));
    assertEquals(Atom.of("killed"), exit.reason());
  }

  @Test
  void trappingExitsEmitsThemAsExitMessages() throws Exception {
    TestProbe<Term> seen = java.testKit().createTestProbe();
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(
                java.node(), MailboxSettings.of(16, MailboxOverflow.FAIL).withTrapExits(true))
            .wireTap(seen.getRef()::tell)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    Pid erl = (Pid) eval("peerl_stream_test:linker()", Map.of());
    run.first().link(erl);
    exitWith(run.first(), erl, Atom.of("boom"));
    seen.expectMessage(BridgeTestNode.DEADLINE, Tuple.of(Atom.of("EXIT"), erl, Atom.of("boom")));
    run.first().stop();
    assertEquals(1, await(run.second()).size());
  }

  @Test
  void emitsTheDownOfAMonitoredErlProcess() throws Exception {
    Pair<Mailbox, CompletionStage<List<Term>>> run =
        ErlangSource.mailbox(java.node(), 16, MailboxOverflow.FAIL)
            .take(1)
            .toMat(Sink.seq(), Keep.both())
            .run(java.testKit().system());
    Pid erl = (Pid) eval("peerl_stream_test:linker()", Map.of());
    Ref ref = run.first().monitor(erl);
    Term reason = Tuple.of(Atom.of("shutdown"), Atom.of("done"));
    exitWith(run.first(), erl, reason);
    assertEquals(
        List.of(Tuple.of(Atom.of("DOWN"), ref, Atom.of("process"), erl, reason)),
        await(run.second()));
  }

  // ---- Sink ----

  @Test
  void sendsEveryElementToAnErlProcessByNameAndByPid() throws Exception {
    eval("peerl_stream_test:collector(by_name)", Map.of());
    Atom erlNode = erlang.node().nodeAtom();
    await(
        Source.from(numbered(1, 300))
            .runWith(
                ErlangSink.to(java.node(), Atom.of("by_name"), erlNode), java.testKit().system()));
    assertEquals(
        ErlList.of(numbered(1, 300)), eval("peerl_stream_test:collected(by_name, 300)", Map.of()));

    Pid other = (Pid) eval("peerl_stream_test:collector(by_pid)", Map.of());
    await(
        Source.from(numbered(1, 10))
            .runWith(ErlangSink.to(java.node(), other), java.testKit().system()));
    assertEquals(
        ErlList.of(numbered(1, 10)), eval("peerl_stream_test:collected(by_pid, 10)", Map.of()));
  }

  @Test
  void failsWhenTheDestinationDoesNotExist() {
    CompletionStage<Done> done =
        Source.<Term>maybe()
            .runWith(
                ErlangSink.to(java.node(), Atom.of("nobody"), erlang.node().nodeAtom()),
                java.testKit().system());
    ProcessExitException down = assertInstanceOf(ProcessExitException.class, failure(done));
    assertEquals(Tuple.of(Atom.of("nobody"), erlang.node().nodeAtom()), down.process());
    assertEquals(Atom.of("noproc"), down.reason());
  }

  @Test
  void failsWhenTheDestinationExits() {
    Pid erl = (Pid) eval("peerl_stream_test:linker()", Map.of());
    // The first element makes it exit: the sink monitors before it sends.
    CompletionStage<Done> done =
        Source.single((Term) Tuple.of(Atom.of("exit"), Atom.of("boom")))
            .concat(Source.maybe())
            .runWith(ErlangSink.to(java.node(), erl), java.testKit().system());
    ProcessExitException down = assertInstanceOf(ProcessExitException.class, failure(done));
    assertEquals(erl, down.process());
    assertEquals(Atom.of("boom"), down.reason());
  }

  @Test
  void pipesErlMessagesThroughAStreamBackToErl() throws Exception {
    eval("peerl_stream_test:collector(doubled)", Map.of());
    Mailbox mailbox =
        ErlangSource.mailbox(java.node(), 1000, MailboxOverflow.FAIL)
            .map(t -> (Term) Int.of(((Int) ((Tuple) t).get(1)).value() * 2))
            .to(ErlangSink.to(java.node(), Atom.of("doubled"), erlang.node().nodeAtom()))
            .run(java.testKit().system());
    eval("peerl_stream_test:send_seq(P, n, 100)", Map.of("P", mailbox.pid()));
    List<Term> doubled =
        IntStream.rangeClosed(1, 100).mapToObj(i -> (Term) Int.of(2L * i)).toList();
    assertEquals(ErlList.of(doubled), eval("peerl_stream_test:collected(doubled, 100)", Map.of()));
    mailbox.stop();
  }
}
