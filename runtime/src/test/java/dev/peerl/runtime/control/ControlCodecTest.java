package dev.peerl.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage.*;
import java.util.stream.Stream;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ControlCodecTest {
  private static final Atom NODE = Atom.of("erl@host");
  private static final Pid A = new Pid(NODE, 1, 0, 7);
  private static final Pid B = new Pid(Atom.of("java@host"), 2, 0, 9);
  private static final Ref REF = Ref.of(NODE, 7, 1, 2, 3);
  private static final Term MSG = Tuple.of(Atom.of("msg"), Int.of(42));

  static Stream<ControlMessage> messages() {
    return Stream.of(
        new Link(A, B),
        new Send(B, MSG),
        new SendSender(A, B, MSG),
        new RegSend(A, Atom.of("echo"), MSG),
        new AliasSend(A, REF, MSG),
        new Exit(A, B, Atom.of("boom")),
        new Exit2(A, B, Atom.of("kill")),
        new Unlink(A, B),
        new UnlinkId(5, A, B),
        new UnlinkId(-1, A, B),
        new UnlinkIdAck(5, A, B),
        new GroupLeader(A, B),
        new MonitorP(A, B, REF),
        new MonitorP(A, Atom.of("echo"), REF),
        new DemonitorP(A, Atom.of("echo"), REF),
        new MonitorPExit(Atom.of("echo"), A, REF, Atom.of("noproc")),
        new MonitorPExit(B, A, REF, Atom.of("normal")),
        new SpawnRequest(
            REF,
            A,
            A,
            Atom.of("erpc"),
            Atom.of("execute_call"),
            4,
            ErlList.of(Atom.of("monitor")),
            ErlList.of(REF, Atom.of("m"), Atom.of("f"), ErlList.NIL)),
        new SpawnReply(REF, A, SpawnReply.FLAG_MONITOR, B),
        new SpawnReply(REF, A, 0, Atom.of("badarg")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void readsBackEveryMessageItWritesWithExitPayload(ControlMessage message) throws Exception {
    assertEquals(message, roundTrip(message, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void readsBackEveryMessageItWritesWithoutExitPayload(ControlMessage message) throws Exception {
    assertEquals(message, roundTrip(message, false));
  }

  @Test
  void putsExitReasonsInThePayloadOnlyWithExitPayload() {
    assertEquals(
        Int.of(ControlOps.PAYLOAD_EXIT),
        ControlCodec.encode(new Exit(A, B, Atom.of("x")), true).control().get(0));
    assertEquals(
        Int.of(ControlOps.EXIT),
        ControlCodec.encode(new Exit(A, B, Atom.of("x")), false).control().get(0));
  }

  @Test
  void dropsTraceTokens() throws ControlMessageException {
    Term token = Atom.of("token");
    assertEquals(
        new Send(B, MSG),
        ControlCodec.decode(Tuple.of(Int.of(ControlOps.SEND_TT), Atom.EMPTY, B, token), MSG));
    assertEquals(
        new RegSend(A, Atom.of("echo"), MSG),
        ControlCodec.decode(
            Tuple.of(Int.of(ControlOps.REG_SEND_TT), A, Atom.EMPTY, Atom.of("echo"), token), MSG));
    assertEquals(
        new Exit(A, B, Atom.of("r")),
        ControlCodec.decode(Tuple.of(Int.of(ControlOps.EXIT_TT), A, B, token, Atom.of("r")), null));
    assertEquals(
        new SpawnReply(REF, A, 1, B),
        ControlCodec.decode(
            Tuple.of(Int.of(ControlOps.SPAWN_REPLY_TT), REF, A, Int.of(1), B, token), null));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(Atom.of("notatuple"), null),
        Arguments.of(Tuple.EMPTY, null),
        Arguments.of(Tuple.of(Atom.of("op")), null),
        Arguments.of(Tuple.of(Int.of(99), A, B), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.NODE_LINK)), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.LINK), A), null),
        // Found by fuzzing (docs/reliability.md): fields read past a short tuple's end.
        Arguments.of(Tuple.of(Int.of(ControlOps.EXIT), A, B), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.EXIT2_TT), A, B, Atom.of("token")), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.MONITOR_P_EXIT), A, B, REF), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.SPAWN_REPLY_TT), REF, A), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.LINK), A, B, B), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.LINK), A, Atom.of("b")), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.SEND), Atom.EMPTY, B), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.LINK), A, B), MSG),
        Arguments.of(Tuple.of(Int.of(ControlOps.MONITOR_P), A, Int.of(1), REF), null),
        Arguments.of(Tuple.of(Int.of(ControlOps.UNLINK_ID), Int.of(-1), A, B), null),
        Arguments.of(
            Tuple.of(
                Int.of(ControlOps.SPAWN_REQUEST), REF, A, A, Tuple.of(Atom.of("m")), ErlList.NIL),
            ErlList.NIL),
        Arguments.of(
            Tuple.of(
                Int.of(ControlOps.SPAWN_REQUEST),
                REF,
                A,
                A,
                Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(0)),
                ErlList.NIL),
            Atom.of("notalist")));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesMalformedControlMessagesWithATypedError(Term control, Term payload) {
    assertThrows(ControlMessageException.class, () -> ControlCodec.decode(control, payload));
  }

  @Test
  void refusesFramesInFormatsNotNegotiated() {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    buffer.putByte(0, (byte) 131);
    buffer.putByte(1, (byte) 68);
    assertThrows(
        ControlMessageException.class,
        () -> DistMessageCodec.read(new TermDecoder(), buffer, 0, 2));
  }

  private static ControlMessage roundTrip(ControlMessage message, boolean exitPayload)
      throws Exception {
    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    int length = DistMessageCodec.write(message, exitPayload, new TermEncoder(), buffer, 3);
    return DistMessageCodec.read(new TermDecoder(), buffer, 3, length);
  }
}
