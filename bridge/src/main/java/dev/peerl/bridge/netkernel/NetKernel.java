package dev.peerl.bridge.netkernel;

import dev.peerl.bridge.genserver.GenServer;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@code net_kernel}: the registered process {@code net_adm:ping/1} calls. It answers
 * {@code {is_auth, Node}} with {@code yes} (OTP's answer: a call that got through is authorized),
 * which makes {@code net_adm:ping(JavaNode)} return {@code pong}. As OTP's {@code net_kernel}, it
 * leaves other calls unanswered (their callers time out) and ignores casts; other messages are
 * logged at DEBUG. Connections themselves are the runtime's business, not this process's.
 */
public final class NetKernel {
  /** The registered name. */
  public static final Atom NAME = Atom.of("net_kernel");

  private static final Logger LOG = LoggerFactory.getLogger(NetKernel.class);
  private static final Atom IS_AUTH = Atom.of("is_auth");
  private static final Atom YES = Atom.of("yes");

  private NetKernel() {}

  /** Spawns {@code net_kernel} on {@code node}. */
  public static ProcessRef start(ErlangNode node) {
    return node.spawn(NAME, behavior());
  }

  /** The process's behavior. */
  public static Function<ProcessContext, Behavior<ProcessMessage>> behavior() {
    return GenServer.<Void>create(ctx -> null)
        .onCall(
            (ctx, state, request, from) -> {
              if (isAuth(request)) {
                return GenServer.reply(YES, state);
              }
              LOG.debug("net_kernel: unsupported call {} from {}, not answered", request, from);
              return GenServer.noReply(state);
            })
        .onCast(
            (ctx, state, message) -> {
              LOG.debug("net_kernel: ignored cast {}", message);
              return GenServer.noReply(state);
            })
        .onInfo(
            (ctx, state, message) -> {
              LOG.debug("net_kernel: ignored message {}", message);
              return GenServer.noReply(state);
            })
        .build();
  }

  private static boolean isAuth(Term request) {
    return request instanceof Tuple t && t.isTagged(IS_AUTH, 2);
  }
}
