package dev.peerl.runtime.control;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import java.util.Objects;

/**
 * A distribution control message, by meaning rather than by wire form: the trace-token variants
 * ({@code SEND_TT}, {@code EXIT_TT}, ...) decode to the same records with the token dropped, and
 * {@code EXIT}/{@code PAYLOAD_EXIT} (likewise EXIT2 and MONITOR_P_EXIT) are one record whose wire
 * form {@link ControlCodec} picks from the negotiated flags. The target of a monitor, and the
 * origin of a monitor exit, is a {@link Pid} or a registered name ({@link Atom}).
 */
public sealed interface ControlMessage {

  /** {@code {1, From, To}}: From links to To. */
  record Link(Pid from, Pid to) implements ControlMessage {
    public Link {
      requireAll(from, to);
    }
  }

  /** {@code {2, '', To}} + Message: a send without the sender (peers without SEND_SENDER). */
  record Send(Pid to, Term message) implements ControlMessage {
    public Send {
      requireAll(to, message);
    }
  }

  /** {@code {22, From, To}} + Message. */
  record SendSender(Pid from, Pid to, Term message) implements ControlMessage {
    public SendSender {
      requireAll(from, to, message);
    }
  }

  /** {@code {6, From, '', ToName}} + Message: a send to a registered name. */
  record RegSend(Pid from, Atom toName, Term message) implements ControlMessage {
    public RegSend {
      requireAll(from, toName, message);
    }
  }

  /** {@code {33, From, Alias}} + Message: a send to a process alias. */
  record AliasSend(Pid from, Ref alias, Term message) implements ControlMessage {
    public AliasSend {
      requireAll(from, alias, message);
    }
  }

  /** An exit signal that a link propagates (EXIT, PAYLOAD_EXIT). */
  record Exit(Pid from, Pid to, Term reason) implements ControlMessage {
    public Exit {
      requireAll(from, to, reason);
    }
  }

  /** An exit signal sent by {@code exit/2} (EXIT2, PAYLOAD_EXIT2). */
  record Exit2(Pid from, Pid to, Term reason) implements ControlMessage {
    public Exit2 {
      requireAll(from, to, reason);
    }
  }

  /** {@code {4, From, To}}: the old unlink, for peers without UNLINK_ID. */
  record Unlink(Pid from, Pid to) implements ControlMessage {
    public Unlink {
      requireAll(from, to);
    }
  }

  /** {@code {35, Id, From, To}}: unlink, to be acknowledged. */
  record UnlinkId(long id, Pid from, Pid to) implements ControlMessage {
    public UnlinkId {
      requireAll(from, to);
    }
  }

  /** {@code {36, Id, From, To}}: the acknowledgement of an {@link UnlinkId}. */
  record UnlinkIdAck(long id, Pid from, Pid to) implements ControlMessage {
    public UnlinkIdAck {
      requireAll(from, to);
    }
  }

  /** {@code {7, From, To}}: From sets To's group leader. */
  record GroupLeader(Pid from, Pid to) implements ControlMessage {
    public GroupLeader {
      requireAll(from, to);
    }
  }

  /** {@code {19, From, ToPidOrName, Ref}}: From monitors a pid or a registered name. */
  record MonitorP(Pid from, Term target, Ref ref) implements ControlMessage {
    public MonitorP {
      requireAll(from, target, ref);
      requirePidOrName(target);
    }
  }

  /** {@code {20, From, ToPidOrName, Ref}}. */
  record DemonitorP(Pid from, Term target, Ref ref) implements ControlMessage {
    public DemonitorP {
      requireAll(from, target, ref);
      requirePidOrName(target);
    }
  }

  /**
   * A monitor fired (MONITOR_P_EXIT, PAYLOAD_MONITOR_P_EXIT): origin is the monitored pid or name.
   */
  record MonitorPExit(Term origin, Pid to, Ref ref, Term reason) implements ControlMessage {
    public MonitorPExit {
      requireAll(origin, to, ref, reason);
      requirePidOrName(origin);
    }
  }

  /** {@code {29, ReqId, From, GroupLeader, {M, F, Arity}, Opts}} + Args: spawn on this node. */
  record SpawnRequest(
      Ref requestId,
      Pid from,
      Pid groupLeader,
      Atom module,
      Atom function,
      int arity,
      ErlList options,
      ErlList arguments)
      implements ControlMessage {
    public SpawnRequest {
      requireAll(requestId, from, groupLeader, module, function, options, arguments);
    }
  }

  /**
   * {@code {31, ReqId, To, Flags, Result}}: Result is the new pid, or an error atom; flags: 1 link,
   * 2 monitor.
   */
  record SpawnReply(Ref requestId, Pid to, int flags, Term result) implements ControlMessage {
    public static final int FLAG_LINK = 1;
    public static final int FLAG_MONITOR = 2;

    public SpawnReply {
      requireAll(requestId, to, result);
    }
  }

  private static void requireAll(Object... fields) {
    for (Object field : fields) {
      Objects.requireNonNull(field, "control message field");
    }
  }

  private static void requirePidOrName(Term target) {
    if (!(target instanceof Pid) && !(target instanceof Atom)) {
      throw new IllegalArgumentException("not a pid or a registered name: " + target);
    }
  }
}
