package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.NodeEvent.NodeDown;
import dev.peerl.runtime.node.NodeEvent.NodeUp;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessMessage.Down;
import dev.peerl.runtime.process.ProcessMessage.ExitSignal;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.runtime.process.ProcessRef;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Faults injected into the connections of a Java node, with real erl nodes (killed with SIGKILL,
 * frozen with SIGSTOP, restarted under their name, sending messages over the limits) and raw socket
 * peers (reset mid-frame, silent, not reading, stuck in the handshake): each fault takes down only
 * the connection it hit, with the right nodedown, links and monitors broken as Erlang breaks them,
 * and the node serves everyone else. Each test prints what it measured, for docs/reliability.md.
 */
class FaultInteropTest {
  private static final String COOKIE = "peerl_fault_cookie";
  private static final Duration TICKTIME = Duration.ofSeconds(4);
  private static final Duration SETUPTIME = Duration.ofSeconds(6);
  private static final int QUEUE = 64;
  private static final String SETTINGS =
      "peerl.distribution { net-ticktime = 4s, net-setuptime = 6s, outbound-queue-size = "
          + QUEUE
          + " }";
  private static final Path CODE = ErlangCompiler.compileResources("peerl_fault_test");
  private static final AtomicInteger PEERS = new AtomicInteger();

  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.of(erl());

  private static JavaNode java;

  private final List<Logger> loggers =
      List.of(
          (Logger) LoggerFactory.getLogger(Connection.class),
          (Logger) LoggerFactory.getLogger(ConnectionActor.class),
          (Logger) LoggerFactory.getLogger(ErlangNode.class));
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  /** erl nodes with the Java node's ticktime and the cookie. */
  private static ErlangTestNode.Builder erl() {
    return ErlangTestNode.builder()
        .cookie(COOKIE)
        .args("-kernel", "net_ticktime", Long.toString(TICKTIME.toSeconds()))
        .codePath(CODE);
  }

  @BeforeAll
  static void startJava() throws Exception {
    java = JavaNode.start(host(), COOKIE, SETTINGS);
    java.echo("echo");
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  @BeforeEach
  void captureWarnings() {
    log.start();
    loggers.forEach(l -> l.addAppender(log));
  }

  @AfterEach
  void releaseWarnings() {
    loggers.forEach(l -> l.detachAppender(log));
  }

  // ---- erl nodes killed, frozen, restarted ----

  @Test
  void aPeerKilledWithSigkillIsDownAtOnceAndEveryLinkAndMonitorOnItSeesNoconnection()
      throws Exception {
    ErlangTestNode doomed = erl().start();
    TestProbe<NodeEvent> events = subscribe(java);
    try {
      List<Pid> remote =
          ((ErlList) doomed.eval("[peerl_fault_test:keeper() || _ <- lists:seq(1, 3)]"))
              .elements().stream().map(Pid.class::cast).toList();
      Atom name = Atom.of("doomed_keeper");
      doomed.eval("register(doomed_keeper, peerl_fault_test:keeper())");
      Atom node = doomed.nodeAtom();
      java.node.connect(node).toCompletableFuture().get(10, TimeUnit.SECONDS);
      awaitUp(events, node);
      TableSizes before = java.node.tableSizes();

      Map<ProcessProbe, Set<ProcessMessage>> expected = new HashMap<>();
      for (Pid pid : remote) {
        ProcessProbe p = ProcessProbe.spawn(java, null, true);
        p.ctx().link(pid);
        Ref byPid = p.ctx().monitor(pid);
        Ref byName = p.ctx().monitor(name, node);
        expected.put(
            p,
            Set.of(
                new ExitSignal(pid, ExitReason.NOCONNECTION),
                new Down(byPid, pid, ExitReason.NOCONNECTION),
                new Down(byName, Tuple.of(name, node), ExitReason.NOCONNECTION)));
      }
      ProcessProbe plain = ProcessProbe.spawn(java, null, false);
      plain.ctx().link(remote.get(0));
      // The LINKs and MONITOR_Ps went before this message on the one connection: erl holds them.
      java.node.send(plain.pid(), remote.get(0), Atom.of("applied"));
      awaitInbox(doomed, remote.get(0), ErlList.of(Atom.of("applied")));

      long killed = System.nanoTime();
      doomed.signal("KILL");
      NodeDown down = awaitDown(events, node);
      long millis = millisSince(killed);
      System.out.printf("FAULT kill -9: nodedown after %d ms (%s)%n", millis, down);
      // The socket's end told, not the ticks (which would take net-ticktime).
      assertNotEquals(NodeDown.NET_TICK_TIMEOUT, down.reason(), down.toString());
      for (Map.Entry<ProcessProbe, Set<ProcessMessage>> e : expected.entrySet()) {
        TestProbe<ProcessMessage> inbox = e.getKey().inbox();
        Set<ProcessMessage> got =
            Set.of(
                inbox.receiveMessage(JavaNode.DEADLINE),
                inbox.receiveMessage(JavaNode.DEADLINE),
                inbox.receiveMessage(JavaNode.DEADLINE));
        assertEquals(e.getValue(), got);
      }
      plain.expectStopped();
      TableSizes after = java.node.tableSizes();
      assertEquals(before.remoteLinks(), after.remoteLinks(), after.toString());
      assertEquals(before.remoteMonitors(), after.remoteMonitors(), after.toString());
    } finally {
      doomed.close();
      java.node.demonitorNodes(events.getRef());
    }
  }

  /**
   * A frozen erl (SIGSTOP) keeps its socket open: ticks find it out (TickInteropTest shows that
   * sends to it meanwhile are dropped, never blocking). Thawed, it finds the socket closed and
   * drops us too; a send dials it again. Then it is killed and a new incarnation takes its name:
   * the pids of the old one name nothing there, even one with the same numbers as a live process.
   */
  @Test
  void aFrozenPeerIsDownOnBothSidesReconnectsAndItsNextIncarnationRefusesItsOldPids()
      throws Exception {
    ErlangTestNode first = erl().start();
    ErlangTestNode second = null;
    Atom node = first.nodeAtom();
    TestProbe<NodeEvent> events = subscribe(java);
    try {
      // A keeper past the pids a fresh node hands out while it starts, so that the next
      // incarnation can spawn one with the same numbers.
      first.eval("peerl_fault_test:spawn_many(1000)");
      Pid old = (Pid) first.eval("peerl_fault_test:keeper()");
      first.eval("peerl_fault_test:echo(echo)");
      ProcessProbe p = ProcessProbe.spawn(java, null, true);
      java.node.connect(node).toCompletableFuture().get(10, TimeUnit.SECONDS);
      awaitUp(events, node);
      int remoteLinks = java.node.tableSizes().remoteLinks();

      first.signal("STOP");
      long stopped = System.nanoTime();
      NodeDown down;
      try {
        down = awaitDown(events, node);
      } finally {
        first.signal("CONT");
      }
      long millis = millisSince(stopped);
      System.out.printf("FAULT kill -STOP: nodedown after %d ms (%s)%n", millis, down);
      assertEquals(NodeDown.NET_TICK_TIMEOUT, down.reason(), down.toString());
      // Never before T - T/4 of silence (OTP's lower bound).
      assertTrue(millis >= TICKTIME.toMillis() * 3 / 4, "down after " + millis + " ms");

      java.assertGoneFrom(first);
      java.node.send(p.pid(), Atom.of("echo"), node, Tuple.of(p.pid(), Atom.of("again")));
      awaitUp(events, node);
      assertEquals(new Message(Atom.of("again")), p.inbox().receiveMessage(JavaNode.DEADLINE));
      first.eval("J ! from_erl", Map.of("J", p.pid()));
      assertEquals(new Message(Atom.of("from_erl")), p.inbox().receiveMessage(JavaNode.DEADLINE));

      first.signal("KILL");
      awaitDown(events, node);
      first.close();
      second = erl().shortName(shortName(first)).start();
      Pid live =
          (Pid)
              second.eval(
                  "peerl_fault_test:keeper_at(Id, Serial)",
                  Map.of("Id", Int.of(old.id()), "Serial", Int.of(old.serial())));
      assertEquals(
          List.of(old.node(), old.id(), old.serial()),
          List.of(live.node(), live.id(), live.serial()));
      assertNotEquals(old.creation(), live.creation());

      // No connection yet: these go to the new incarnation, which drops the message, answers
      // the link with an exit noproc and the monitor with a DOWN noproc, as BEAM does.
      assertOldIncarnationAnswersNoproc(p, old);
      java.node.send(p.pid(), live, Atom.of("to_the_new_incarnation"));
      awaitInbox(second, live, ErlList.of(Atom.of("to_the_new_incarnation")));

      // Connected, the node knows the new creation: the same are answered here, nothing is sent.
      long sent = java.node.connectionStats(node).orElseThrow().messagesOut();
      assertOldIncarnationAnswersNoproc(p, old);
      assertEquals(sent, java.node.connectionStats(node).orElseThrow().messagesOut());
      assertTrue(
          log.list.stream()
              .anyMatch(e -> e.getFormattedMessage().contains("a pid of another incarnation")),
          "the dropped message was not logged");
      java.node.send(p.pid(), live, Atom.of("again"));
      awaitInbox(second, live, ErlList.of(Atom.of("to_the_new_incarnation"), Atom.of("again")));
      assertEquals(remoteLinks, java.node.tableSizes().remoteLinks(), "the noproc link is gone");
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
      java.node.demonitorNodes(events.getRef());
    }
  }

  /**
   * The same the other way: erl holds pids of a Java node that stopped and started again under its
   * name. What erl sends them is dropped and counted (and logged at DEBUG), a link gets an exit
   * {@code noproc}, a monitor a DOWN {@code noproc}, although a live process has the same numbers.
   */
  @Test
  void aJavaNodeRestartedUnderItsNameRefusesWhatErlAddressesToItsOldPids() throws Exception {
    String name = "peerl_reborn_" + PEERS.incrementAndGet() + "@" + host();
    String settings = SETTINGS + "\npeerl.node-name = \"" + name + "\"";
    Pid old;
    try (JavaNode first = JavaNode.start(host(), COOKIE, settings)) {
      old = ProcessProbe.spawn(first, null, false).pid();
      assertEquals(
          Atom.TRUE, erlang.node().eval("net_kernel:connect_node(J)", Map.of("J", first.name())));
    }
    try (JavaNode second = JavaNode.start(host(), COOKIE, settings)) {
      ProcessProbe live = ProcessProbe.spawn(second, null, false);
      while (live.pid().id() < old.id()) {
        live = ProcessProbe.spawn(second, null, false);
      }
      assertEquals(List.of(old.id(), old.serial()), List.of(live.pid().id(), live.pid().serial()));
      assertNotEquals(old.creation(), live.pid().creation());

      Term answers =
          erlang
              .node()
              .eval(
                  "process_flag(trap_exit, true), Old ! to_the_old_incarnation,"
                      + " link(Old), M = erlang:monitor(process, Old), Live ! to_the_new_incarnation,"
                      + " Exit = receive {'EXIT', Old, R1} -> R1 after 5000 -> timeout end,"
                      + " Down = receive {'DOWN', M, process, Old, R2} -> R2 after 5000 -> timeout"
                      + " end, {Exit, Down}",
                  Map.of("Old", old, "Live", live.pid()));
      assertEquals(Tuple.of(ExitReason.NOPROC, ExitReason.NOPROC), answers);
      assertEquals(
          new Message(Atom.of("to_the_new_incarnation")),
          live.inbox().receiveMessage(JavaNode.DEADLINE));
      assertEquals(
          1, second.node.connectionStats(erlang.node().nodeAtom()).orElseThrow().undeliverable());
    }
  }

  // ---- raw peers that misbehave on the socket ----

  @Test
  void aConnectionResetMidFrameTakesDownOnlyThatConnection() throws Exception {
    TestProbe<NodeEvent> events = subscribe(java);
    try {
      RawDistPeer peer = RawDistPeer.connect(java, rawName(), COOKIE, 0);
      Atom node = Atom.of(peer.name());
      awaitUp(events, node);
      long reset = System.nanoTime();
      peer.resetMidFrame(1000, 10);
      NodeDown down = awaitDown(events, node);
      System.out.printf(
          "FAULT reset mid-frame: nodedown after %d ms (%s)%n", millisSince(reset), down);
      assertEquals(NodeDown.CONNECTION_CLOSED, down.reason(), down.toString());
      assertTrue(java.node.connectionStats(node).isEmpty());
      java.assertServes(erlang.node());
    } finally {
      java.node.demonitorNodes(events.getRef());
    }
  }

  @Test
  void aPeerSilentWithItsSocketOpenIsDownAfterTheTicktime() throws Exception {
    TestProbe<NodeEvent> events = subscribe(java);
    try (RawDistPeer peer = RawDistPeer.connect(java, rawName(), COOKIE, 0)) {
      long connected = System.nanoTime();
      Atom node = Atom.of(peer.name());
      awaitUp(events, node);
      NodeDown down = awaitDown(events, node);
      long millis = millisSince(connected);
      System.out.printf("FAULT half-open socket: nodedown after %d ms (%s)%n", millis, down);
      assertEquals(NodeDown.NET_TICK_TIMEOUT, down.reason(), down.toString());
      assertTrue(millis >= TICKTIME.toMillis() * 3 / 4, "down after " + millis + " ms");
      // The node closed the socket (whatever it wrote before, ticks, was frames of 0 bytes).
      peer.drainUntilClosed();
      java.assertServes(erlang.node());
    } finally {
      java.node.demonitorNodes(events.getRef());
    }
  }

  @Test
  void aPeerThatStopsReadingCostsDroppedSendsNeitherMemoryNorABlockedSender() throws Exception {
    int size = 128 * 1024;
    int sends = 2_000;
    TestProbe<NodeEvent> events = subscribe(java);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (RawDistPeer peer = RawDistPeer.connect(java, rawName(), COOKIE, 4096)) {
      Atom node = Atom.of(peer.name());
      awaitUp(events, node);
      // It ticks, so it is not down; it reads nothing, so the node's writes stall.
      ticker.scheduleAtFixedRate(
          () -> {
            try {
              peer.tick();
            } catch (IOException e) {
              // Closed at the end of the test.
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
      ProcessRef sender = java.node.spawn(ctx -> Behaviors.ignore());
      Tuple big = Tuple.of(Atom.of("big"), Binary.of(new byte[size]));
      long heapBefore = usedHeapAfterGc();
      // A sender that blocked would never finish: the deadline is the assertion.
      CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < sends; i++) {
                  java.node.send(sender.pid(), Atom.of("sink"), node, big);
                }
              })
          .get(30, TimeUnit.SECONDS);
      long heapGrowth = usedHeapAfterGc() - heapBefore;
      ConnectionStats stats = java.node.connectionStats(node).orElseThrow();
      long taken = sends - stats.dropped();
      System.out.printf(
          "FAULT peer stops reading: %d of %d sends of %d KiB dropped, %d taken, heap +%d KiB"
              + " (queue %d)%n",
          stats.dropped(), sends, size / 1024, taken, heapGrowth / 1024, QUEUE);
      assertTrue(stats.up(), stats.toString());
      // The queue, and what the socket's buffers took before the peer's window closed.
      assertTrue(taken <= 4L * QUEUE, taken + " sends taken: " + stats);
      assertTrue(
          heapGrowth < 4L * QUEUE * size, "heap grew by " + heapGrowth / 1024 + " KiB: " + stats);
      assertTrue(
          warnings().stream()
              .anyMatch(l -> l.contains("message dropped: the outbound queue is full")),
          warnings().toString());
    } finally {
      ticker.shutdownNow();
      java.node.demonitorNodes(events.getRef());
    }
    java.assertServes(erlang.node());
  }

  @Test
  void handshakesThatNeverFinishAreClosedAfterTheSetupTimeWhileOthersConnect() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        stalled.add(RawDistPeer.open(java, 0)); // says nothing
      }
      for (int i = 0; i < 2; i++) {
        Socket socket = RawDistPeer.open(java, 0);
        socket.getOutputStream().write(RawDistPeer.sendName(rawName())); // then nothing
        stalled.add(socket);
      }
      long opened = System.nanoTime();
      java.assertServes(erlang.node());
      long served = millisSince(opened);
      List<Long> closed = new ArrayList<>();
      for (Socket socket : stalled) {
        // What the node wrote before it closed (a status and a challenge after a send_name).
        RawDistPeer.drainUntilClosed(socket);
        closed.add(millisSince(opened));
      }
      System.out.printf(
          "FAULT stalled handshakes: erl served after %d ms, the stalled sockets closed after %s ms"
              + " (net-setuptime %d ms)%n",
          served, closed, SETUPTIME.toMillis());
      long first = closed.stream().mapToLong(Long::longValue).min().orElseThrow();
      assertTrue(served < first, "erl served after " + served + " ms, a socket closed at " + first);
      assertTrue(first >= SETUPTIME.toMillis() * 3 / 4, "closed after " + first + " ms");
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  // ---- messages over the limits from a real erl ----

  static Stream<Arguments> limits() {
    return Stream.of(
        // OTP fragments messages over 64 KiB only: 32 KiB go as one frame.
        Arguments.of("max-frame-size = 16KiB", 32 * 1024),
        // 1 MiB go as 16 fragments of 64 KiB, each under the frame limit.
        Arguments.of("max-message-size = 256KiB", 1024 * 1024));
  }

  @ParameterizedTest(name = "{0}: a message of {1} bytes")
  @MethodSource("limits")
  void aMessageOverTheLimitClosesOnlyTheConnectionOfItsSenderWithTheReason(String limit, int size)
      throws Exception {
    try (JavaNode limited =
        JavaNode.start(host(), COOKIE, SETTINGS + "\npeerl.distribution." + limit)) {
      limited.echo("echo");
      TestProbe<NodeEvent> events = subscribe(limited);
      ProcessProbe p = ProcessProbe.spawn(java, null, false);
      Map<String, Term> bindings = Map.of("L", limited.name(), "Size", Int.of(size));
      assertEquals(Atom.of("before"), echo(p, limited, "before"));
      assertEquals(Atom.of("small"), echoFromErl(bindings));
      Atom erl = erlang.node().nodeAtom();
      awaitUp(events, erl);

      erlang.node().eval("{echo, L} ! {self(), binary:copy(<<7>>, Size)}", bindings);
      NodeDown down = awaitDown(events, erl);
      System.out.printf("FAULT %s, erl sends %d bytes: %s%n", limit, size, down);
      assertEquals(NodeDown.CONNECTION_FAILURE, down.reason(), down.toString());
      assertTrue(
          warnings().stream().anyMatch(l -> l.contains(erl.name()) && l.contains(down.detail())),
          warnings().toString());

      // The other connection carries on, and erl is served again on a new one.
      assertTrue(limited.node.connectedNodes().contains(java.name()));
      assertEquals(Atom.of("after"), echo(p, limited, "after"));
      assertEquals(Atom.of("small"), echoFromErl(bindings));
    }
  }

  // ---- helpers ----

  private static String host() {
    return JavaNode.hostOf(erlang.node().nodeName());
  }

  private static String rawName() {
    return "peerl_raw_" + PEERS.incrementAndGet() + "@" + host();
  }

  private static String shortName(ErlangTestNode node) {
    return node.nodeName().substring(0, node.nodeName().indexOf('@'));
  }

  private static TestProbe<NodeEvent> subscribe(JavaNode on) {
    TestProbe<NodeEvent> events = on.testKit.createTestProbe();
    on.node.monitorNodes(events.getRef());
    return events;
  }

  private static void awaitUp(TestProbe<NodeEvent> events, Atom node) {
    await(events, NodeUp.class, node);
  }

  private static NodeDown awaitDown(TestProbe<NodeEvent> events, Atom node) {
    return (NodeDown) await(events, NodeDown.class, node);
  }

  /** The next event of that kind for {@code node}; events of other nodes are passed over. */
  private static NodeEvent await(
      TestProbe<NodeEvent> events, Class<? extends NodeEvent> kind, Atom node) {
    long deadline = System.nanoTime() + JavaNode.DEADLINE.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      NodeEvent event = events.receiveMessage(left);
      if (kind.isInstance(event) && event.node().equals(node)) {
        return event;
      }
    }
  }

  /** The erl keeper {@code keeper} on {@code on} has received {@code expected}, within 10 s. */
  private static void awaitInbox(ErlangTestNode on, Pid keeper, Term expected) {
    java.testKit
        .createTestProbe()
        .awaitAssert(
            JavaNode.DEADLINE,
            () -> {
              assertEquals(expected, on.eval("peerl_fault_test:inbox(K)", Map.of("K", keeper)));
              return null;
            });
  }

  /**
   * From {@code p}, sends {@code old} (a pid of an incarnation that is gone) a message, links and
   * monitors it, and expects the answers to both to be {@code noproc}: an exit signal and a DOWN.
   */
  private static void assertOldIncarnationAnswersNoproc(ProcessProbe p, Pid old) {
    java.node.send(p.pid(), old, Atom.of("to_the_old_incarnation"));
    p.ctx().link(old);
    Ref monitor = p.ctx().monitor(old);
    assertEquals(
        Set.of(new ExitSignal(old, ExitReason.NOPROC), new Down(monitor, old, ExitReason.NOPROC)),
        Set.of(
            p.inbox().receiveMessage(JavaNode.DEADLINE),
            p.inbox().receiveMessage(JavaNode.DEADLINE)));
  }

  /** Sends {@code {Self, word}} to the echo of {@code to} from probe {@code p}; the answer. */
  private static Term echo(ProcessProbe p, JavaNode to, String word) {
    java.node.send(p.pid(), Atom.of("echo"), to.name(), Tuple.of(p.pid(), Atom.of(word)));
    return ((Message) p.inbox().receiveMessage(JavaNode.DEADLINE)).body();
  }

  /**
   * Sends {@code {Self, small}} from erl to the echo of the node bound to {@code L}; the answer.
   */
  private static Term echoFromErl(Map<String, Term> bindings) {
    return erlang
        .node()
        .eval("{echo, L} ! {self(), small}, receive M -> M after 5000 -> timeout end", bindings);
  }

  private List<String> warnings() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        lines.add(event.getFormattedMessage());
      }
    }
    return lines;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
