package dev.peerl.runtime.control;

import static dev.peerl.runtime.control.ControlOps.*;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.control.ControlMessage.*;
import java.math.BigInteger;

/**
 * Between control tuples (with their payload) and {@link ControlMessage}s. Decoding checks every
 * element's type and refuses anything else with a {@link ControlMessageException}; trace tokens are
 * read past and dropped, as Peerl does not trace.
 */
public final class ControlCodec {
  private ControlCodec() {}

  /** A control tuple and the payload that follows it, or null when none does. */
  public record Encoded(Tuple control, Term payload) {}

  /**
   * The wire form of a message. {@code exitPayload} is whether the connection negotiated
   * DFLAG_EXIT_PAYLOAD, which moves exit reasons out of the control tuple.
   */
  public static Encoded encode(ControlMessage message, boolean exitPayload) {
    if (message instanceof SendSender m) {
      return new Encoded(Tuple.of(Int.of(SEND_SENDER), m.from(), m.to()), m.message());
    } else if (message instanceof Send m) {
      return new Encoded(Tuple.of(Int.of(SEND), Atom.EMPTY, m.to()), m.message());
    } else if (message instanceof RegSend m) {
      return new Encoded(Tuple.of(Int.of(REG_SEND), m.from(), Atom.EMPTY, m.toName()), m.message());
    } else if (message instanceof AliasSend m) {
      return new Encoded(Tuple.of(Int.of(ALIAS_SEND), m.from(), m.alias()), m.message());
    } else if (message instanceof Link m) {
      return control(LINK, m.from(), m.to());
    } else if (message instanceof Exit m) {
      return exitPayload
          ? new Encoded(Tuple.of(Int.of(PAYLOAD_EXIT), m.from(), m.to()), m.reason())
          : control(EXIT, m.from(), m.to(), m.reason());
    } else if (message instanceof Exit2 m) {
      return exitPayload
          ? new Encoded(Tuple.of(Int.of(PAYLOAD_EXIT2), m.from(), m.to()), m.reason())
          : control(EXIT2, m.from(), m.to(), m.reason());
    } else if (message instanceof Unlink m) {
      return control(UNLINK, m.from(), m.to());
    } else if (message instanceof UnlinkId m) {
      return control(UNLINK_ID, unsigned(m.id()), m.from(), m.to());
    } else if (message instanceof UnlinkIdAck m) {
      return control(UNLINK_ID_ACK, unsigned(m.id()), m.from(), m.to());
    } else if (message instanceof GroupLeader m) {
      return control(GROUP_LEADER, m.from(), m.to());
    } else if (message instanceof MonitorP m) {
      return control(MONITOR_P, m.from(), m.target(), m.ref());
    } else if (message instanceof DemonitorP m) {
      return control(DEMONITOR_P, m.from(), m.target(), m.ref());
    } else if (message instanceof MonitorPExit m) {
      return exitPayload
          ? new Encoded(
              Tuple.of(Int.of(PAYLOAD_MONITOR_P_EXIT), m.origin(), m.to(), m.ref()), m.reason())
          : control(MONITOR_P_EXIT, m.origin(), m.to(), m.ref(), m.reason());
    } else if (message instanceof SpawnRequest m) {
      Tuple mfa = Tuple.of(m.module(), m.function(), Int.of(m.arity()));
      return new Encoded(
          Tuple.of(
              Int.of(SPAWN_REQUEST), m.requestId(), m.from(), m.groupLeader(), mfa, m.options()),
          m.arguments());
    }
    SpawnReply m = (SpawnReply) message;
    return control(SPAWN_REPLY, m.requestId(), m.to(), Int.of(m.flags()), m.result());
  }

  /**
   * The process whose signal {@code message} is, whose messages must keep their order: the sender
   * of a message, link or exit, the origin of a monitor's exit, the new process of a spawn reply.
   * Null for a SEND, which does not say.
   */
  public static Term sender(ControlMessage message) {
    if (message instanceof SendSender m) {
      return m.from();
    } else if (message instanceof RegSend m) {
      return m.from();
    } else if (message instanceof AliasSend m) {
      return m.from();
    } else if (message instanceof Link m) {
      return m.from();
    } else if (message instanceof Exit m) {
      return m.from();
    } else if (message instanceof Exit2 m) {
      return m.from();
    } else if (message instanceof Unlink m) {
      return m.from();
    } else if (message instanceof UnlinkId m) {
      return m.from();
    } else if (message instanceof UnlinkIdAck m) {
      return m.from();
    } else if (message instanceof GroupLeader m) {
      return m.from();
    } else if (message instanceof MonitorP m) {
      return m.from();
    } else if (message instanceof DemonitorP m) {
      return m.from();
    } else if (message instanceof MonitorPExit m) {
      return m.origin();
    } else if (message instanceof SpawnRequest m) {
      return m.from();
    } else if (message instanceof SpawnReply m && m.result() instanceof Pid pid) {
      return pid;
    }
    return null;
  }

  private static Encoded control(int op, Term... rest) {
    Term[] elements = new Term[rest.length + 1];
    elements[0] = Int.of(op);
    System.arraycopy(rest, 0, elements, 1, rest.length);
    return new Encoded(Tuple.of(elements), null);
  }

  /** The message a control tuple and its payload (null when none came) stand for. */
  public static ControlMessage decode(Term control, Term payload) throws ControlMessageException {
    if (!(control instanceof Tuple tuple)
        || tuple.arity() == 0
        || !(tuple.get(0) instanceof Int op)) {
      throw new ControlMessageException(
          "control message is not a tuple starting with an op: " + control);
    }
    int code = op.value() >= 0 && op.value() <= UNLINK_ID_ACK ? (int) op.value() : -1;
    boolean wantsPayload = code >= 0 && hasPayload(code);
    if (wantsPayload != (payload != null)) {
      throw new ControlMessageException(
          "op "
              + op
              + (wantsPayload ? " needs a payload, none came" : " takes no payload, one came"));
    }
    Fields f = new Fields(tuple);
    return switch (code) {
      case LINK -> f.arity(3, new Link(f.pid(1), f.pid(2)));
      case SEND -> f.arity(3, new Send(f.pid(2), payload));
      case SEND_TT -> f.arity(4, new Send(f.pid(2), payload));
      case SEND_SENDER -> f.arity(3, new SendSender(f.pid(1), f.pid(2), payload));
      case SEND_SENDER_TT -> f.arity(4, new SendSender(f.pid(1), f.pid(2), payload));
      case REG_SEND -> f.arity(4, new RegSend(f.pid(1), f.atom(3), payload));
      case REG_SEND_TT -> f.arity(5, new RegSend(f.pid(1), f.atom(3), payload));
      case ALIAS_SEND -> f.arity(3, new AliasSend(f.pid(1), f.ref(2), payload));
      case ALIAS_SEND_TT -> f.arity(4, new AliasSend(f.pid(1), f.ref(2), payload));
      case EXIT -> f.arity(4, new Exit(f.pid(1), f.pid(2), f.term(3)));
      case EXIT_TT -> f.arity(5, new Exit(f.pid(1), f.pid(2), f.term(4)));
      case PAYLOAD_EXIT -> f.arity(3, new Exit(f.pid(1), f.pid(2), payload));
      case PAYLOAD_EXIT_TT -> f.arity(4, new Exit(f.pid(1), f.pid(2), payload));
      case EXIT2 -> f.arity(4, new Exit2(f.pid(1), f.pid(2), f.term(3)));
      case EXIT2_TT -> f.arity(5, new Exit2(f.pid(1), f.pid(2), f.term(4)));
      case PAYLOAD_EXIT2 -> f.arity(3, new Exit2(f.pid(1), f.pid(2), payload));
      case PAYLOAD_EXIT2_TT -> f.arity(4, new Exit2(f.pid(1), f.pid(2), payload));
      case UNLINK -> f.arity(3, new Unlink(f.pid(1), f.pid(2)));
      case UNLINK_ID -> f.arity(4, new UnlinkId(f.unsignedLong(1), f.pid(2), f.pid(3)));
      case UNLINK_ID_ACK -> f.arity(4, new UnlinkIdAck(f.unsignedLong(1), f.pid(2), f.pid(3)));
      case GROUP_LEADER -> f.arity(3, new GroupLeader(f.pid(1), f.pid(2)));
      case MONITOR_P -> f.arity(4, new MonitorP(f.pid(1), f.pidOrName(2), f.ref(3)));
      case DEMONITOR_P -> f.arity(4, new DemonitorP(f.pid(1), f.pidOrName(2), f.ref(3)));
      case MONITOR_P_EXIT ->
          f.arity(5, new MonitorPExit(f.pidOrName(1), f.pid(2), f.ref(3), f.term(4)));
      case PAYLOAD_MONITOR_P_EXIT ->
          f.arity(4, new MonitorPExit(f.pidOrName(1), f.pid(2), f.ref(3), payload));
      case SPAWN_REQUEST -> f.arity(6, spawnRequest(f, payload));
      case SPAWN_REQUEST_TT -> f.arity(7, spawnRequest(f, payload));
      case SPAWN_REPLY -> f.arity(5, spawnReply(f));
      case SPAWN_REPLY_TT -> f.arity(6, spawnReply(f));
      default -> throw new ControlMessageException("unsupported control op " + op);
    };
  }

  private static SpawnRequest spawnRequest(Fields f, Term payload) throws ControlMessageException {
    Tuple mfa = f.tuple(4);
    if (mfa.arity() != 3
        || !(mfa.get(0) instanceof Atom module)
        || !(mfa.get(1) instanceof Atom function)
        || !(mfa.get(2) instanceof Int arity)
        || arity.value() < 0
        || arity.value() > 255) {
      throw new ControlMessageException(
          "spawn request MFA is not {Module, Function, Arity}: " + mfa);
    }
    if (!(payload instanceof ErlList arguments) || !arguments.isProper()) {
      throw new ControlMessageException(
          "spawn request arguments are not a proper list: " + payload);
    }
    return new SpawnRequest(
        f.ref(1), f.pid(2), f.pid(3), module, function, (int) arity.value(), f.list(5), arguments);
  }

  private static SpawnReply spawnReply(Fields f) throws ControlMessageException {
    Term flags = f.term(3);
    if (!(flags instanceof Int i) || i.value() < 0 || i.value() > 0xFF) {
      throw new ControlMessageException("spawn reply flags are not a small integer: " + flags);
    }
    return new SpawnReply(f.ref(1), f.pid(2), (int) i.value(), f.term(4));
  }

  private static Term unsigned(long id) {
    return id >= 0 ? Int.of(id) : Int.of(new BigInteger(Long.toUnsignedString(id)));
  }

  /** Typed access to the elements of a control tuple, each failure naming the element. */
  private static final class Fields {
    private final Tuple tuple;

    Fields(Tuple tuple) {
      this.tuple = tuple;
    }

    <T extends ControlMessage> T arity(int expected, T message) throws ControlMessageException {
      if (tuple.arity() != expected) {
        throw new ControlMessageException(
            "control tuple of arity " + tuple.arity() + ", expected " + expected + ": " + tuple);
      }
      return message;
    }

    /**
     * Element {@code index} whatever its type. Every access goes through here: a message's fields
     * are read before {@link #arity} checks the count, so a short tuple must fail as a short tuple.
     */
    Term term(int index) throws ControlMessageException {
      return at(index);
    }

    private Term at(int index) throws ControlMessageException {
      if (index >= tuple.arity()) {
        throw new ControlMessageException("control tuple too short: " + tuple);
      }
      return tuple.get(index);
    }

    Pid pid(int index) throws ControlMessageException {
      return as(index, Pid.class, "a pid");
    }

    Atom atom(int index) throws ControlMessageException {
      return as(index, Atom.class, "an atom");
    }

    Ref ref(int index) throws ControlMessageException {
      return as(index, Ref.class, "a reference");
    }

    Tuple tuple(int index) throws ControlMessageException {
      return as(index, Tuple.class, "a tuple");
    }

    ErlList list(int index) throws ControlMessageException {
      ErlList list = as(index, ErlList.class, "a list");
      if (!list.isProper()) {
        throw new ControlMessageException("element " + index + " is not a proper list: " + tuple);
      }
      return list;
    }

    Term pidOrName(int index) throws ControlMessageException {
      Term term = at(index);
      if (term instanceof Pid || term instanceof Atom) {
        return term;
      }
      throw new ControlMessageException("element " + index + " is not a pid or a name: " + tuple);
    }

    long unsignedLong(int index) throws ControlMessageException {
      Term term = at(index);
      if (term instanceof Int i && i.value() >= 0) {
        return i.value();
      }
      if (term instanceof dev.peerl.codec.BigInt big
          && big.signum() > 0
          && big.value().bitLength() <= Long.SIZE) {
        return big.value().longValue();
      }
      throw new ControlMessageException("element " + index + " is not a 64-bit id: " + tuple);
    }

    private <T extends Term> T as(int index, Class<T> type, String what)
        throws ControlMessageException {
      Term term = at(index);
      if (type.isInstance(term)) {
        return type.cast(term);
      }
      throw new ControlMessageException("element " + index + " is not " + what + ": " + tuple);
    }
  }
}
