package dev.peerl.runtime.node;

import static dev.peerl.runtime.control.ControlOps.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.handshake.DistFlags;
import dev.peerl.runtime.process.ProcessMessage.Down;
import dev.peerl.runtime.process.ProcessMessage.ExitSignal;
import dev.peerl.runtime.process.ProcessMessage.Message;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each control message form of PROTOCOL-NOTES section 4 at node level, one frame at a time: a raw
 * peer ({@link RawDistPeer}, no atom cache) writes the forms erl sends only in some cases (plain
 * SEND, the old UNLINK, EXIT/EXIT2/MONITOR_P_EXIT without payload, the trace-token variants) and
 * reads what the node answers, also as a peer without UNLINK_ID or SEND_SENDER; a real erl with a
 * seq_trace token shows the token is ignored and the message delivered.
 */
class ControlMessagesInteropTest {
  private static final String COOKIE = "peerl_control_cookie";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(ErlangTestNode.builder().cookie(COOKIE));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  private static JavaNode java() {
    return javaNode.get();
  }

  private static RawDistPeer peer(long flags) throws IOException {
    String name =
        "peerl_raw_" + NAMES.incrementAndGet() + "@" + JavaNode.hostOf(erlang.node().nodeName());
    return RawDistPeer.connect(java(), name, COOKIE, flags);
  }

  private static Tuple control(int op, Term... rest) {
    Term[] elements = new Term[rest.length + 1];
    elements[0] = Int.of(op);
    System.arraycopy(rest, 0, elements, 1, rest.length);
    return Tuple.of(elements);
  }

  /** A sequential trace token as erts writes it: {Flags, Label, Serial, From, LastCount}. */
  private static Tuple token(Pid from) {
    return Tuple.of(Int.of(0), Int.of(1), Int.of(7), from, Int.of(6));
  }

  private static String freshName() {
    return "control_" + NAMES.incrementAndGet();
  }

  @Test
  void everySendFormWithAndWithoutTraceTokenReachesTheProcess() throws Exception {
    String name = freshName();
    ProcessProbe p = ProcessProbe.spawn(java(), name, false);
    Atom registered = Atom.of(name);
    Ref alias = p.ctx().alias();
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid from = peer.pid();
      Map<Tuple, Atom> sends = new LinkedHashMap<>();
      sends.put(control(SEND, Atom.EMPTY, p.pid()), Atom.of("send"));
      sends.put(control(SEND_TT, Atom.EMPTY, p.pid(), token(from)), Atom.of("send_tt"));
      sends.put(control(SEND_SENDER, from, p.pid()), Atom.of("send_sender"));
      sends.put(control(SEND_SENDER_TT, from, p.pid(), token(from)), Atom.of("send_sender_tt"));
      sends.put(control(REG_SEND, from, Atom.EMPTY, registered), Atom.of("reg_send"));
      sends.put(
          control(REG_SEND_TT, from, Atom.EMPTY, registered, token(from)), Atom.of("reg_send_tt"));
      sends.put(control(ALIAS_SEND, from, alias), Atom.of("alias_send"));
      sends.put(control(ALIAS_SEND_TT, from, alias, token(from)), Atom.of("alias_send_tt"));
      for (Map.Entry<Tuple, Atom> send : sends.entrySet()) {
        peer.send(send.getKey(), send.getValue());
      }
      for (Atom body : sends.values()) {
        assertEquals(new Message(body), p.inbox().receiveMessage(JavaNode.DEADLINE));
      }
    }
  }

  @Test
  void exitSignalsWithoutPayloadAndWithTraceTokenReachATrappingProcess() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, true);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      // A link's exit acts only through the link: each linked pid links first (LINK from erl).
      Pid exit = peer.pid();
      Pid exitTt = peer.pid();
      Pid payloadExitTt = peer.pid();
      for (Pid linked : new Pid[] {exit, exitTt, payloadExitTt}) {
        peer.send(control(LINK, linked, p.pid()), null);
      }
      peer.send(control(EXIT, exit, p.pid(), Atom.of("exit")), null);
      peer.send(control(EXIT_TT, exitTt, p.pid(), token(exitTt), Atom.of("exit_tt")), null);
      peer.send(
          control(PAYLOAD_EXIT_TT, payloadExitTt, p.pid(), token(payloadExitTt)),
          Atom.of("payload_exit_tt"));
      Pid sender = peer.pid();
      peer.send(control(EXIT2, sender, p.pid(), Atom.of("exit2")), null);
      peer.send(control(EXIT2_TT, sender, p.pid(), token(sender), Atom.of("exit2_tt")), null);
      peer.send(
          control(PAYLOAD_EXIT2_TT, sender, p.pid(), token(sender)), Atom.of("payload_exit2_tt"));

      assertEquals(new ExitSignal(exit, Atom.of("exit")), receive(p));
      assertEquals(new ExitSignal(exitTt, Atom.of("exit_tt")), receive(p));
      assertEquals(new ExitSignal(payloadExitTt, Atom.of("payload_exit_tt")), receive(p));
      assertEquals(new ExitSignal(sender, Atom.of("exit2")), receive(p));
      assertEquals(new ExitSignal(sender, Atom.of("exit2_tt")), receive(p));
      assertEquals(new ExitSignal(sender, Atom.of("payload_exit2_tt")), receive(p));
    }
  }

  @Test
  void theOldUnlinkRemovesTheLinkSoItsExitIsIgnored() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid remote = peer.pid();
      peer.send(control(LINK, remote, p.pid()), null);
      peer.send(control(UNLINK, remote, p.pid()), null);
      peer.send(control(EXIT, remote, p.pid(), Atom.of("boom")), null);
      // The process did not die of the exit that came before this message.
      peer.send(control(SEND, Atom.EMPTY, p.pid()), ProcessProbe.PING);
      assertEquals(new Message(ProcessProbe.PING), receive(p));
    }
  }

  @Test
  void unlinkIdIsAppliedAndAcknowledged() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid remote = peer.pid();
      peer.send(control(LINK, remote, p.pid()), null);
      peer.send(control(UNLINK_ID, Int.of(41), remote, p.pid()), null);
      assertEquals(control(UNLINK_ID_ACK, Int.of(41), p.pid(), remote), peer.receive().control());
      peer.send(control(EXIT, remote, p.pid(), Atom.of("boom")), null);
      peer.send(control(SEND, Atom.EMPTY, p.pid()), ProcessProbe.PING);
      assertEquals(new Message(ProcessProbe.PING), receive(p));
    }
  }

  @Test
  void monitorExitWithoutPayloadFiresTheDownOfAPidAndOfAName() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid target = peer.pid();
      Atom name = Atom.of("raw_server");
      Ref byPid = p.ctx().monitor(target);
      assertEquals(control(MONITOR_P, p.pid(), target, byPid), peer.receive().control());
      Ref byName = p.ctx().monitor(name, peer.node());
      assertEquals(control(MONITOR_P, p.pid(), name, byName), peer.receive().control());

      peer.send(control(MONITOR_P_EXIT, target, p.pid(), byPid, Atom.of("gone")), null);
      peer.send(control(MONITOR_P_EXIT, name, p.pid(), byName, Atom.of("gone_too")), null);
      assertEquals(new Down(byPid, target, Atom.of("gone")), receive(p));
      assertEquals(new Down(byName, Tuple.of(name, peer.node()), Atom.of("gone_too")), receive(p));
    }
  }

  @Test
  void aSpawnRequestWithTraceTokenIsAnsweredAndItsMonitorFires() throws Exception {
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid from = peer.pid();
      Ref request = peer.ref();
      Atom module = Atom.of("peerl_no_such_module");
      Atom function = Atom.of("run");
      peer.send(
          control(
              SPAWN_REQUEST_TT,
              request,
              from,
              from,
              Tuple.of(module, function, Int.of(0)),
              ErlList.of(Atom.of("monitor")),
              token(from)),
          ErlList.NIL);

      RawDistPeer.Frame reply = peer.receive();
      assertEquals(SPAWN_REPLY, reply.op(), reply.toString());
      assertEquals(request, reply.control().get(1));
      assertEquals(from, reply.control().get(2));
      assertEquals(Int.of(2), reply.control().get(3)); // the monitor was set up
      Pid spawned = assertInstanceOf(Pid.class, reply.control().get(4));
      assertEquals(java().name(), spawned.node());

      // No handler: the process exits with undef, which the requester's monitor reports.
      RawDistPeer.Frame down = peer.receive();
      assertEquals(control(PAYLOAD_MONITOR_P_EXIT, spawned, from, request), down.control());
      Tuple reason = assertInstanceOf(Tuple.class, down.payload());
      assertEquals(Atom.of("undef"), reason.get(0));
    }
  }

  // ---- what the node sends to older peers ----

  @Test
  void unlinkToAPeerWithoutUnlinkIdIsTheOldUnlink() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN & ~DistFlags.DFLAG_UNLINK_ID)) {
      Pid remote = peer.pid();
      p.ctx().link(remote);
      assertEquals(control(LINK, p.pid(), remote), peer.receive().control());
      p.ctx().unlink(remote);
      assertEquals(control(UNLINK, p.pid(), remote), peer.receive().control());
      // Unlinked on our side at once: an exit the peer sent before it saw the UNLINK is ignored.
      peer.send(control(EXIT, remote, p.pid(), Atom.of("boom")), null);
      peer.send(control(SEND, Atom.EMPTY, p.pid()), ProcessProbe.PING);
      assertEquals(new Message(ProcessProbe.PING), receive(p));
    }
  }

  @Test
  void unlinkToAPeerWithUnlinkIdIsUnlinkId() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer peer = peer(RawDistPeer.PLAIN)) {
      Pid remote = peer.pid();
      p.ctx().link(remote);
      assertEquals(control(LINK, p.pid(), remote), peer.receive().control());
      p.ctx().unlink(remote);
      Tuple unlink = peer.receive().control();
      assertEquals(UNLINK_ID, ((Int) unlink.get(0)).value());
      assertInstanceOf(Int.class, unlink.get(1));
      assertEquals(Tuple.of(p.pid(), remote), Tuple.of(unlink.get(2), unlink.get(3)));
    }
  }

  @Test
  void aPeerWithoutSendSenderGetsPlainSendAndOneWithItSendSender() throws Exception {
    ProcessProbe p = ProcessProbe.spawn(java(), null, false);
    try (RawDistPeer old = peer(RawDistPeer.PLAIN & ~DistFlags.DFLAG_SEND_SENDER);
        RawDistPeer current = peer(RawDistPeer.PLAIN)) {
      Pid a = old.pid();
      Pid b = current.pid();
      p.ctx().send(a, Atom.of("hello"));
      p.ctx().send(b, Atom.of("hello"));
      assertEquals(
          new RawDistPeer.Frame(control(SEND, Atom.EMPTY, a), Atom.of("hello")), old.receive());
      assertEquals(
          new RawDistPeer.Frame(control(SEND_SENDER, p.pid(), b), Atom.of("hello")),
          current.receive());
    }
  }

  // ---- a real erl with a sequential trace token ----

  @Test
  void erlSendingWithASeqTraceTokenDeliversMessagesAndExitSignals() throws Exception {
    String name = freshName();
    ProcessProbe p = ProcessProbe.spawn(java(), name, true);
    Term sender =
        erlang
            .node()
            .eval(
                "seq_trace:set_token(label, 1), J ! to_pid, {Name, N} ! to_name,"
                    + " exit(J, traced), seq_trace:set_token([]), self()",
                Map.of("J", p.pid(), "Name", Atom.of(name), "N", java().name()));
    assertEquals(new Message(Atom.of("to_pid")), receive(p));
    assertEquals(new Message(Atom.of("to_name")), receive(p));
    assertEquals(new ExitSignal((Pid) sender, Atom.of("traced")), receive(p));
  }

  private static Object receive(ProcessProbe p) {
    return p.inbox().receiveMessage(JavaNode.DEADLINE);
  }
}
