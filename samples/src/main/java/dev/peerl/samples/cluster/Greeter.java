package dev.peerl.samples.cluster;

import dev.peerl.bridge.cluster.ClusterBridge;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The Java service of sample 5: a plain typed actor, registered in the Receptionist under {@link
 * #KEY} and mirrored as the pg group {@link #GROUP}. Erlang sends its members {@code {greet, From,
 * <<"Name">>}} and gets {@code {greeting, JavaNode, <<"hello Name">>}} back; the Erlang greeters of
 * {@code cluster_greeter.erl} speak the same protocol.
 */
public final class Greeter {
  /** The Receptionist key of the Java greeters. */
  public static final ServiceKey<Greet> KEY = ServiceKey.create(Greet.class, "greeter");

  /** The pg group Erlang finds the Java greeters in. */
  public static final Atom GROUP = Atom.of("greeters");

  private static final Atom GREET = Atom.of("greet");
  private static final Atom GREETING = Atom.of("greeting");

  /** A request: greet {@code name}, answer {@code replyTo}. */
  public record Greet(Pid replyTo, String name) {}

  private Greeter() {}

  /**
   * {@code {greet, From, <<"Name">>}} as a {@link Greet}; anything else is refused, so the bridge
   * logs and drops it.
   */
  public static Greet fromTerm(Term term) {
    if (term instanceof Tuple t
        && t.arity() == 3
        && GREET.equals(t.get(0))
        && t.get(1) instanceof Pid from
        && t.get(2) instanceof Binary name) {
      return new Greet(from, name.utf8());
    }
    throw new IllegalArgumentException("expected {greet, From, <<\"Name\">>}, got " + term);
  }

  /** The greeter of this JVM; it answers through the cluster bridge's {@code send}. */
  public static Behavior<Greet> create(ClusterBridge cluster) {
    Atom node = cluster.node().nodeName();
    return Behaviors.receive(Greet.class)
        .onMessage(
            Greet.class,
            greet -> {
              System.out.println("java greeter on " + node + " greets " + greet.name());
              cluster.send(
                  greet.replyTo(), Tuple.of(GREETING, node, Binary.of("hello " + greet.name())));
              return Behaviors.same();
            })
        .build();
  }
}
