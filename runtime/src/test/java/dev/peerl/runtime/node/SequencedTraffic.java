package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessContext;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Java side of the no-loss tests, the same protocol as {@code peerl_noloss.erl}: a sender sends
 * {@code {sender, Self, Id}}, then {@code {seq, Id, N}} for N = 1..Count, then {@code {seq_end, Id,
 * Count}}, never more than {@code window} messages ahead of the receiver's acknowledgements {@code
 * {ack, Id, Distinct}}; a receiver checks the sequence as it arrives, acknowledges every {@code
 * ack} distinct messages and at {@code seq_end} (which the channel's order puts after every message
 * of the sequence) answers {@code {ack_end, Id, Distinct}}, reports and stops. A sender stops at
 * its {@code ack_end}: no message of the test is left to arrive at a process that is gone.
 */
final class SequencedTraffic {
  static final Atom SENDER = Atom.of("sender");
  static final Atom SEQ = Atom.of("seq");
  static final Atom SEQ_END = Atom.of("seq_end");
  static final Atom ACK = Atom.of("ack");
  static final Atom ACK_END = Atom.of("ack_end");
  static final Atom REPORT = Atom.of("noloss_report");

  private SequencedTraffic() {}

  /**
   * What a receiver saw of its sender's sequence.
   *
   * @param received sequence messages with its sender's id
   * @param distinct distinct sequence numbers among them
   * @param reordered numbers that arrived after a higher one
   * @param duplicates numbers that arrived again
   * @param foreign other messages (another sender's id, anything else)
   * @param micros from the sender's first message to its {@code seq_end}
   */
  record Report(
      long id,
      long received,
      long distinct,
      long reordered,
      long duplicates,
      long foreign,
      long micros) {
    /**
     * Reads {@code {noloss_report, Id, Received, Distinct, Reordered, Duplicates, Foreign,
     * Micros}}.
     */
    static Report of(Tuple t) {
      return new Report(
          value(t, 1),
          value(t, 2),
          value(t, 3),
          value(t, 4),
          value(t, 5),
          value(t, 6),
          value(t, 7));
    }

    private static long value(Tuple t, int index) {
      return ((Int) t.get(index)).value();
    }
  }

  /** A sender to {@code receiver}: starts at once. {@code acked} follows the acknowledgements. */
  static Behavior<ProcessMessage> sender(
      ProcessContext ctx, Pid receiver, long id, long count, long window, AtomicLong acked) {
    Int idTerm = Int.of(id);
    long[] sent = {0};
    Runnable fill =
        () -> {
          while (sent[0] < count && sent[0] - acked.get() < window) {
            ctx.send(receiver, Tuple.of(SEQ, idTerm, Int.of(++sent[0])));
            if (sent[0] == count) {
              ctx.send(receiver, Tuple.of(SEQ_END, idTerm, Int.of(count)));
            }
          }
        };
    ctx.send(receiver, Tuple.of(SENDER, ctx.self(), idTerm));
    fill.run();
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body() instanceof Tuple t && t.arity() == 3 && idTerm.equals(t.get(1))) {
                if (t.get(0).equals(ACK_END)) {
                  return Behaviors.stopped();
                }
                if (t.get(0).equals(ACK)) {
                  acked.accumulateAndGet(((Int) t.get(2)).value(), Math::max);
                  fill.run();
                }
              }
              return Behaviors.same();
            })
        .build();
  }

  /**
   * A receiver of sender {@code id}'s {@code count} messages; {@code report} completes at its end.
   */
  static Behavior<ProcessMessage> receiver(
      ProcessContext ctx,
      long id,
      long count,
      long ack,
      AtomicLong progress,
      CompletableFuture<Report> report) {
    return new Receiver(ctx, id, count, ack, progress, report).behavior();
  }

  private static final class Receiver {
    private final ProcessContext ctx;
    private final Int id;
    private final long count;
    private final long ack;
    private final AtomicLong progress;
    private final CompletableFuture<Report> report;
    private final BitSet seen;
    private Pid sender;
    private long next = 1;
    private long received;
    private long distinct;
    private long reordered;
    private long duplicates;
    private long foreign;
    private long started;

    Receiver(
        ProcessContext ctx,
        long id,
        long count,
        long ack,
        AtomicLong progress,
        CompletableFuture<Report> report) {
      this.ctx = ctx;
      this.id = Int.of(id);
      this.count = count;
      this.ack = ack;
      this.progress = progress;
      this.report = report;
      this.seen = new BitSet(Math.toIntExact(count + 1));
    }

    Behavior<ProcessMessage> behavior() {
      return Behaviors.receive(ProcessMessage.class)
          .onMessage(ProcessMessage.Message.class, m -> onMessage(m.body()))
          .build();
    }

    private Behavior<ProcessMessage> onMessage(Term body) {
      if (body instanceof Tuple t
          && t.isTagged(SENDER, 3)
          && t.get(1) instanceof Pid from
          && id.equals(t.get(2))
          && sender == null) {
        sender = from;
        started = System.nanoTime();
        return Behaviors.same();
      }
      if (body instanceof Tuple t && t.arity() == 3 && id.equals(t.get(1)) && sender != null) {
        if (t.get(0).equals(SEQ) && t.get(2) instanceof Int n) {
          check(n.value());
          return Behaviors.same();
        }
        if (t.get(0).equals(SEQ_END)) {
          ctx.send(sender, Tuple.of(ACK_END, id, Int.of(distinct)));
          report.complete(
              new Report(
                  id.value(),
                  received,
                  distinct,
                  reordered,
                  duplicates,
                  foreign,
                  (System.nanoTime() - started) / 1000));
          return Behaviors.stopped();
        }
      }
      foreign++;
      return Behaviors.same();
    }

    private void check(long n) {
      received++;
      if (n < 1 || n > count) {
        foreign++;
        return;
      }
      int bit = (int) n;
      if (seen.get(bit)) {
        duplicates++;
        return;
      }
      seen.set(bit);
      distinct++;
      progress.incrementAndGet();
      if (n < next) {
        reordered++;
      }
      next = Math.max(next, n + 1);
      if (distinct % ack == 0) {
        ctx.send(sender, Tuple.of(ACK, id, Int.of(distinct)));
      }
    }
  }
}
