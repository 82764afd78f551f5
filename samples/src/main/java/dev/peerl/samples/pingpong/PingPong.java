package dev.peerl.samples.pingpong;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.samples.SampleNode;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sample 1: ping-pong between Java processes and Erlang processes, both ways.
 *
 * <ul>
 *   <li>{@code pong} answers {@code {ping, From, N}} with {@code {pong, N}}: Erlang pings Java.
 *   <li>{@code pinger}, told {@code {play, Pong, Rounds, ReplyTo}}, pings the Erlang process {@code
 *       Pong} {@code Rounds} times, one ping per pong, then tells {@code ReplyTo} {@code {played,
 *       Rounds}}: Java pings Erlang.
 * </ul>
 *
 * The Erlang side is {@code samples/src/main/erlang/ping_pong.erl}; run both with {@code bash
 * scripts/sample.sh ping-pong}.
 */
public final class PingPong {
  private static final Atom PING = Atom.of("ping");
  private static final Atom PONG = Atom.of("pong");
  private static final Atom PLAY = Atom.of("play");
  private static final Atom PLAYED = Atom.of("played");

  private PingPong() {}

  public static void main(String[] args) throws Exception {
    SampleNode.run(args, sample -> start(sample.node()));
  }

  /** Spawns {@code pong} and {@code pinger} on {@code node}. */
  public static void start(ErlangNode node) {
    node.spawn("pong", PingPong::pong);
    node.spawn("pinger", PingPong::idle);
  }

  private static Behavior<ProcessMessage> pong(ProcessContext ctx) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              // {ping, From, N}
              if (m.body() instanceof Tuple t
                  && t.arity() == 3
                  && PING.equals(t.get(0))
                  && t.get(1) instanceof Pid from) {
                System.out.println("java: ping " + t.get(2) + " from " + from);
                ctx.send(from, Tuple.of(PONG, t.get(2)));
              }
              return Behaviors.same();
            })
        .build();
  }

  /** Waits for {@code {play, Pong, Rounds, ReplyTo}}. */
  private static Behavior<ProcessMessage> idle(ProcessContext ctx) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body() instanceof Tuple t
                  && t.arity() == 4
                  && PLAY.equals(t.get(0))
                  && t.get(1) instanceof Pid pong
                  && t.get(2) instanceof Int rounds
                  && t.get(3) instanceof Pid replyTo) {
                return ping(ctx, pong, 1, rounds.value(), replyTo);
              }
              return Behaviors.same();
            })
        .build();
  }

  /** Sends ping {@code n} and waits for its pong. */
  private static Behavior<ProcessMessage> ping(
      ProcessContext ctx, Pid pong, long n, long rounds, Pid replyTo) {
    ctx.send(pong, Tuple.of(PING, ctx.self(), Int.of(n)));
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              Term expected = Tuple.of(PONG, Int.of(n));
              if (!expected.equals(m.body())) {
                return Behaviors.same(); // not our pong: ignore it, as a selective receive would
              }
              System.out.println("java: pong " + n + " from " + pong);
              if (n < rounds) {
                return ping(ctx, pong, n + 1, rounds, replyTo);
              }
              ctx.send(replyTo, Tuple.of(PLAYED, Int.of(rounds)));
              return idle(ctx);
            })
        .build();
  }
}
