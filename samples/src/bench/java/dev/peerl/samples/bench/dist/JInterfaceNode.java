package dev.peerl.samples.bench.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangExit;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRangeException;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JInterface node of the distribution benchmark: OTP's own Java library doing what the Peerl
 * demo node and the BEAM receiver do, in the plain style JInterface's documentation shows (one
 * thread blocked in {@code receive()} per mailbox).
 *
 * <ul>
 *   <li>{@code sink}: on {@code {start, From, N}} counts the next N {@code {msg, _}} messages, then
 *       sends {@code {done, Micros}} to From;
 *   <li>{@code echo}: answers a gen_server call {@code {'$gen_call', {Pid, Tag}, X}} with {@code
 *       {Tag, X}} to Pid;
 *   <li>{@code sender}: on {@code {send, From, {Name, Node}, Procs, N, Msg}} sends N copies of Msg
 *       to {@code {Name, Node}} from Procs mailboxes, each in its own thread, then sends {@code
 *       {sent, 0}} to From (JInterface blocks a sender rather than drop a message).
 * </ul>
 *
 * <pre>
 *   java -cp OtpErlang.jar:peerl-benchmarks.jar dev.peerl.samples.bench.dist.JInterfaceNode \
 *     --name NAME@HOST --cookie COOKIE
 * </pre>
 *
 * Prints {@code ready} once the names are registered, and exits when its standard input closes.
 */
public final class JInterfaceNode {
  private static final OtpErlangAtom START = new OtpErlangAtom("start");
  private static final OtpErlangAtom MSG = new OtpErlangAtom("msg");
  private static final OtpErlangAtom DONE = new OtpErlangAtom("done");
  private static final OtpErlangAtom GEN_CALL = new OtpErlangAtom("$gen_call");
  private static final OtpErlangAtom SEND = new OtpErlangAtom("send");
  private static final OtpErlangAtom SENT = new OtpErlangAtom("sent");

  private final OtpNode node;

  private JInterfaceNode(OtpNode node) {
    this.node = node;
  }

  public static void main(String[] args) throws Exception {
    NodeArgs options = NodeArgs.parse(args);
    JInterfaceNode bench = new JInterfaceNode(new OtpNode(options.name(), options.cookie()));
    bench.serve("sink", bench::sink);
    bench.serve("echo", bench::echo);
    bench.serve("sender", bench::sender);
    System.out.println("ready");
    System.out.flush();
    ExitOnStdinClose.await();
  }

  private interface Loop {
    void run(OtpMbox mbox) throws Exception;
  }

  private void serve(String name, Loop loop) {
    OtpMbox mbox = node.createMbox(name);
    Thread thread =
        new Thread(
            () -> {
              try {
                loop.run(mbox);
              } catch (Exception e) {
                System.err.println(name + " failed: " + e);
                e.printStackTrace();
                System.exit(1);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  private void sink(OtpMbox mbox) throws OtpErlangExit, OtpErlangDecodeException {
    while (true) {
      if (mbox.receive() instanceof OtpErlangTuple start
          && start.arity() == 3
          && START.equals(start.elementAt(0))
          && start.elementAt(1) instanceof OtpErlangPid from) {
        long n = ((OtpErlangLong) start.elementAt(2)).longValue();
        long t0 = System.nanoTime();
        for (long left = n; left > 0; ) {
          if (mbox.receive() instanceof OtpErlangTuple msg
              && msg.arity() == 2
              && MSG.equals(msg.elementAt(0))) {
            left--;
          }
        }
        long micros = (System.nanoTime() - t0) / 1000;
        mbox.send(
            from, new OtpErlangTuple(new OtpErlangObject[] {DONE, new OtpErlangLong(micros)}));
      }
    }
  }

  private void echo(OtpMbox mbox) throws OtpErlangExit, OtpErlangDecodeException {
    while (true) {
      if (mbox.receive() instanceof OtpErlangTuple call
          && call.arity() == 3
          && GEN_CALL.equals(call.elementAt(0))
          && call.elementAt(1) instanceof OtpErlangTuple from
          && from.arity() == 2
          && from.elementAt(0) instanceof OtpErlangPid caller) {
        // The tag is [alias | Mref] from OTP 24 on: an improper list, sent back as it came.
        mbox.send(
            caller,
            new OtpErlangTuple(new OtpErlangObject[] {from.elementAt(1), call.elementAt(2)}));
      }
    }
  }

  private void sender(OtpMbox mbox) throws Exception {
    while (true) {
      if (mbox.receive() instanceof OtpErlangTuple command
          && command.arity() == 6
          && SEND.equals(command.elementAt(0))
          && command.elementAt(1) instanceof OtpErlangPid from
          && command.elementAt(2) instanceof OtpErlangTuple sink) {
        String name = ((OtpErlangAtom) sink.elementAt(0)).atomValue();
        String toNode = ((OtpErlangAtom) sink.elementAt(1)).atomValue();
        int procs = intValue(command.elementAt(3));
        long n = ((OtpErlangLong) command.elementAt(4)).longValue();
        OtpErlangObject msg = command.elementAt(5);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < procs; i++) {
          long share = n / procs + (i < n % procs ? 1 : 0);
          OtpMbox own = node.createMbox();
          threads.add(
              new Thread(
                  () -> {
                    for (long k = 0; k < share; k++) {
                      own.send(name, toNode, msg);
                    }
                    own.close();
                  },
                  "sender-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
          thread.join();
        }
        mbox.send(from, new OtpErlangTuple(new OtpErlangObject[] {SENT, new OtpErlangLong(0)}));
      }
    }
  }

  private static int intValue(OtpErlangObject term) throws OtpErlangRangeException {
    return ((OtpErlangLong) term).intValue();
  }
}
