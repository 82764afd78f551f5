package dev.peerl.samples.cluster;

import com.typesafe.config.ConfigFactory;
import dev.peerl.bridge.cluster.ClusterBridge;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Sample 5: a member of a Pekko Cluster whose JVM is an Erlang node, with services used from both
 * sides through the cluster bridge.
 *
 * <ul>
 *   <li>Java to Erlang: the {@link Greeter} actor is registered under {@link Greeter#KEY} and
 *       mirrored as the pg group {@code greeters}, where {@code erl} finds it.
 *   <li>Erlang to Java: the pg group {@code erl_greeters} (Erlang greeters of {@code
 *       cluster_greeter.erl}) is mirrored as the Receptionist listing of {@link #ERL_GREETERS};
 *       each member is an {@code ActorRef<Term>}. On every change of that listing this member
 *       greets each Erlang greeter in it and prints what they answer.
 * </ul>
 *
 * Run two of them and two erl nodes with {@code bash scripts/sample.sh cluster} (docs/cluster.md).
 */
public final class ClusterSample implements AutoCloseable {
  /** The Erlang greeters, as the Receptionist lists them. */
  public static final ServiceKey<Term> ERL_GREETERS = ServiceKey.create(Term.class, "erl-greeters");

  /** The pg group of the Erlang greeters. */
  public static final Atom ERL_GROUP = Atom.of("erl_greeters");

  private static final Atom GREET = Atom.of("greet");

  private final ActorSystem<Void> system;
  private final ClusterBridge cluster;

  private ClusterSample(ActorSystem<Void> system, ClusterBridge cluster) {
    this.system = system;
    this.cluster = cluster;
  }

  public static void main(String[] args) throws Exception {
    ClusterOptions options;
    try {
      options = ClusterOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(ClusterOptions.USAGE);
      System.exit(2);
      return;
    }
    ClusterSample sample = start(options);
    System.out.println("ready " + sample.node().nodeName().name());
    System.out.flush();
    sample.system.getWhenTerminated().toCompletableFuture().join();
  }

  /** Starts a member: its node, the bridge, the greeter and both mirrors. */
  public static ClusterSample start(ClusterOptions options) throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            ClusterOptions.SYSTEM,
            options.config().withFallback(ConfigFactory.load()));
    ClusterBridge cluster = ClusterBridge.get(system);
    cluster.started().toCompletableFuture().get(30, TimeUnit.SECONDS);

    // Java to Erlang: a Receptionist service, mirrored as a pg group.
    ActorRef<Greeter.Greet> greeter =
        system.systemActorOf(Greeter.create(cluster), "greeter", Props.empty());
    system.receptionist().tell(Receptionist.register(Greeter.KEY, greeter));
    cluster.exportService(Greeter.KEY, Greeter.GROUP, Greeter::fromTerm);

    // Erlang to Java: a pg group, mirrored as a Receptionist listing.
    cluster.importGroup(ERL_GROUP, ERL_GREETERS);
    Pid answers = cluster.node().spawn(ctx -> printer(cluster.node())).pid();
    system.systemActorOf(
        caller(answers, cluster.node().nodeName()), "erl-greeter-caller", Props.empty());
    system.systemActorOf(
        javaGreeters(cluster.node().nodeName()), "java-greeter-listing", Props.empty());
    return new ClusterSample(system, cluster);
  }

  /** Greets every Erlang greeter of each new listing, with {@code answers} as the reply address. */
  private static Behavior<Receptionist.Listing> caller(Pid answers, Atom self) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.subscribe(ERL_GREETERS, context.getSelf()));
          return Behaviors.receive(Receptionist.Listing.class)
              .onMessage(
                  Receptionist.Listing.class,
                  listing -> {
                    Set<ActorRef<Term>> greeters = listing.getServiceInstances(ERL_GREETERS);
                    System.out.println(
                        "java " + self + " sees " + greeters.size() + " Erlang greeter(s)");
                    for (ActorRef<Term> erl : greeters) {
                      erl.tell(Tuple.of(GREET, answers, Binary.of(self.name())));
                    }
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** Prints where the Java greeters of the cluster are, on every change. */
  private static Behavior<Receptionist.Listing> javaGreeters(Atom self) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.subscribe(Greeter.KEY, context.getSelf()));
          return Behaviors.receive(Receptionist.Listing.class)
              .onMessage(
                  Receptionist.Listing.class,
                  listing -> {
                    List<String> where =
                        listing.getServiceInstances(Greeter.KEY).stream()
                            .map(
                                ref ->
                                    ref.path().address().hasLocalScope()
                                        ? "this JVM"
                                        : ref.path().address().hostPort())
                            .sorted()
                            .toList();
                    System.out.println("java " + self + " sees Java greeters on " + where);
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** Prints the {@code {greeting, Node, Text}} answers of the Erlang greeters. */
  private static Behavior<ProcessMessage> printer(ErlangNode node) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              if (m.body() instanceof Tuple t
                  && t.arity() == 3
                  && t.get(2) instanceof Binary text) {
                System.out.println(
                    "java " + node.nodeName() + " got \"" + text.utf8() + "\" from " + t.get(1));
              }
              return Behaviors.same();
            })
        .build();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ClusterBridge cluster() {
    return cluster;
  }

  public ErlangNode node() {
    return cluster.node();
  }

  /** Stops the member (it leaves the cluster first). */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
