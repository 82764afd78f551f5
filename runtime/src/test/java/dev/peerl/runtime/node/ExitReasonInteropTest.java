package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage.Down;
import dev.peerl.runtime.process.ProcessMessage.ExitSignal;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of exit reason through every path an exit takes, both ways between Java and erl: a
 * link's exit, {@code exit/2} and a monitor's DOWN, to processes that trap exits and to processes
 * that do not. The expectations are Erlang's rules, written once in {@link #fate}.
 */
class ExitReasonInteropTest {
  private static final String COOKIE = "peerl_exit_reason_cookie";
  private static final Atom EXIT = Atom.of("EXIT");
  private static final Atom DOWN = Atom.of("DOWN");
  private static final Atom PROCESS = Atom.of("process");

  /** The reasons, as Erlang source: evaluated on erl, they are the same terms on both sides. */
  private static final List<String> REASONS =
      List.of(
          "normal",
          "kill",
          "shutdown",
          "{shutdown, restart}",
          "boom",
          "list_to_tuple(lists:seq(1, 300))",
          "<<\"a binary reason\">>",
          "#{code => 42, why => <<\"map\">>}",
          "1 bsl 200",
          "whereis(init)",
          "{error, [{nested, #{k => [1, 2.5, <<1:3>>, \"str\"]}}], {x, -(1 bsl 70)}}");

  /** How an exit travels; {@code exit2} is {@code exit/2}, the others a process's own exit. */
  enum Path {
    LINK,
    EXIT2,
    MONITOR
  }

  @RegisterExtension
  @Order(1)
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder().cookie(COOKIE).codePath(ErlAgents.codePath()));

  @RegisterExtension
  @Order(2)
  static final JavaNodeExtension javaNode = JavaNodeExtension.beside(erlang, COOKIE);

  private static final ErlAgents agents = new ErlAgents(erlang::node);

  private static JavaNode java() {
    return javaNode.get();
  }

  static Stream<Arguments> cases() {
    return REASONS.stream()
        .flatMap(
            reason ->
                Stream.of(Path.values())
                    .flatMap(
                        path ->
                            Stream.of(false, true)
                                .filter(trap -> !trap || path != Path.MONITOR)
                                .flatMap(
                                    trap ->
                                        Stream.of(
                                            Arguments.of(reason, path, trap, true),
                                            Arguments.of(reason, path, trap, false)))));
  }

  /** What the receiver of an exit with {@code reason} sees; null: nothing, it stays alive. */
  private static Term fate(Path path, boolean trap, Term from, Term reason) {
    if (path == Path.MONITOR) {
      return reason;
    }
    if (path == Path.EXIT2 && ExitReason.KILL.equals(reason)) {
      return ExitReason.KILLED;
    }
    if (trap) {
      return Tuple.of(EXIT, from, reason);
    }
    return ExitReason.isNormal(reason) ? null : reason;
  }

  @ParameterizedTest(name = "{0} by {1}, trapping {2}, erl to Java {3}")
  @MethodSource("cases")
  void everyReasonTakesEveryPathBothWays(String source, Path path, boolean trap, boolean toJava)
      throws Exception {
    Term reason = agents.eval(source);
    if (toJava) {
      erlToJava(reason, path, trap);
    } else {
      javaToErl(reason, path, trap);
    }
  }

  private static void erlToJava(Term reason, Path path, boolean trap) throws Exception {
    ProcessProbe receiver = ProcessProbe.spawn(java(), null, trap);
    ProcessProbe observer = ProcessProbe.spawn(java(), null, false);
    Ref watch = observer.ctx().monitor(receiver.pid());
    String agent = agents.agent(false);
    Pid sender = agents.pid(agent);
    Ref monitor = null;
    if (path == Path.LINK) {
      agents.run(agent, "fun() -> link(J) end", "J", receiver.pid());
    } else if (path == Path.MONITOR) {
      monitor = receiver.ctx().monitor(sender);
      agents.awaitApplied(java(), receiver, agent);
    }
    if (path == Path.EXIT2) {
      agents.run(agent, "fun() -> exit(J, R) end", "J", receiver.pid(), "R", reason);
    } else {
      agents.eval("peerl_link_test:exit_with(" + agent + ", R)", "R", reason);
    }
    Term fate = fate(path, trap, sender, reason);
    if (path == Path.MONITOR) {
      assertEquals(
          new Down(monitor, sender, fate), receiver.inbox().receiveMessage(JavaNode.DEADLINE));
    } else if (fate instanceof Tuple exit && exit.isTagged(EXIT, 3)) {
      assertEquals(
          new ExitSignal(sender, reason), receiver.inbox().receiveMessage(JavaNode.DEADLINE));
    } else if (fate == null) {
      agents.assertAlive(receiver);
    } else {
      assertEquals(
          new Down(watch, receiver.pid(), fate),
          observer.inbox().receiveMessage(JavaNode.DEADLINE));
    }
  }

  private static void javaToErl(Term reason, Path path, boolean trap) throws Exception {
    ProcessProbe sender = ProcessProbe.spawn(java(), null, false);
    String agent = agents.agent(trap);
    Pid receiver = agents.pid(agent);
    String observer = agents.agent(false);
    Ref watch =
        (Ref) agents.run(observer, "fun() -> erlang:monitor(process, A) end", "A", receiver);
    Ref monitor = null;
    if (path == Path.LINK) {
      sender.ctx().link(receiver);
    } else if (path == Path.MONITOR) {
      monitor =
          (Ref)
              agents.run(
                  agent,
                  "fun() -> R = erlang:monitor(process, J), J ! applied, R end",
                  "J",
                  sender.pid());
      agents.awaitApplied(sender);
    }
    if (path == Path.EXIT2) {
      sender.ctx().exit(receiver, reason);
    } else {
      sender.ctx().stop(reason);
    }
    Term fate = fate(path, trap, sender.pid(), reason);
    if (path == Path.MONITOR) {
      assertEquals(
          ErlList.of(Tuple.of(DOWN, monitor, PROCESS, sender.pid(), fate)), agents.inbox(agent, 1));
    } else if (fate instanceof Tuple exit && exit.isTagged(EXIT, 3)) {
      assertEquals(ErlList.of(fate), agents.inbox(agent, 1));
    } else if (fate == null) {
      // Sent after the exit signal, over the same connection: the exit has been applied.
      ProcessProbe later = ProcessProbe.spawn(java(), null, false);
      agents.awaitApplied(java(), later, agent);
    } else {
      assertEquals(
          ErlList.of(Tuple.of(DOWN, watch, PROCESS, receiver, fate)), agents.inbox(observer, 1));
    }
  }
}
