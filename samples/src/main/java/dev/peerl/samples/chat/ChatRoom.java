package dev.peerl.samples.chat;

import dev.peerl.bridge.Bridge;
import dev.peerl.bridge.pg.PgScope;
import dev.peerl.bridge.stream.ErlangSource;
import dev.peerl.bridge.stream.Mailbox;
import dev.peerl.bridge.stream.MailboxOverflow;
import dev.peerl.bridge.stream.MailboxSettings;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.samples.SampleNode;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Sample 4: a chat room whose members are Erlang and Java processes in the {@code pg} group {@code
 * lobby}. A member says something by sending {@code {chat, From, Name, Text}} to every other member
 * of the group.
 *
 * <p>The Java member {@code java_bot} is a stream: {@link ErlangSource#mailbox} gives it a pid,
 * which joins the group, and each message it receives flows into a handler that greets whoever says
 * {@code <<"hello">>}. The Erlang side is {@code samples/src/main/erlang/chat.erl}; run both with
 * {@code bash scripts/sample.sh chat}.
 */
public final class ChatRoom {
  /** The pg group of the room. */
  public static final Atom LOBBY = Atom.of("lobby");

  private static final Atom CHAT = Atom.of("chat");
  private static final Binary NAME = Binary.of("java_bot");
  private static final Binary HELLO = Binary.of("hello");

  private ChatRoom() {}

  public static void main(String[] args) throws Exception {
    SampleNode.run(args, sample -> join(sample.bridge(), sample.system()));
  }

  /** Starts the Java member and joins it to {@link #LOBBY}; returns its mailbox. */
  public static Mailbox join(Bridge bridge, ActorSystem<?> system) {
    PgScope pg = bridge.pg();
    // A chat bot can lose old lines when it falls behind: keep the latest 100.
    MailboxSettings settings =
        MailboxSettings.of(100, MailboxOverflow.DROP_HEAD).withName("java_bot");
    // Materialized first, so that the handler knows the bot's own pid.
    Pair<Mailbox, Source<Term, NotUsed>> mailbox =
        ErlangSource.mailbox(bridge.node(), settings).preMaterialize(system);
    Mailbox bot = mailbox.first();
    mailbox.second().runForeach(message -> onMessage(bridge, bot, message), system);
    pg.join(LOBBY, bot.pid());
    return bot;
  }

  private static void onMessage(Bridge bridge, Mailbox bot, Term message) {
    // {chat, From, Name, Text}
    if (message instanceof Tuple t
        && t.arity() == 4
        && CHAT.equals(t.get(0))
        && t.get(1) instanceof Pid from
        && t.get(2) instanceof Binary name
        && t.get(3) instanceof Binary text) {
      System.out.println("java_bot heard " + name.utf8() + ": " + text.utf8());
      if (!from.equals(bot.pid()) && HELLO.equals(text)) {
        say(bridge, bot, from, Binary.of("hello, " + name.utf8() + "!"));
      }
    }
  }

  /**
   * Sends {@code {chat, Bot, <<"java_bot">>, Text}} to every other member of the lobby, and to
   * {@code newcomer}: pg is eventually consistent, so the join of the member who just spoke may not
   * have reached this node yet.
   */
  private static void say(Bridge bridge, Mailbox bot, Pid newcomer, Binary text) {
    Term line = Tuple.of(CHAT, bot.pid(), NAME, text);
    Set<Pid> members = new HashSet<>(bridge.pg().getMembers(LOBBY));
    members.add(newcomer);
    members.remove(bot.pid());
    for (Pid member : members) {
      bridge.node().send(bot.pid(), member, line);
    }
  }
}
