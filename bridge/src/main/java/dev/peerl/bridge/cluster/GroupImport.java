package dev.peerl.bridge.cluster;

import dev.peerl.bridge.pg.GroupEvent;
import dev.peerl.bridge.pg.PgScope;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * One pg group mirrored as a Receptionist listing: every Erlang member of the group gets an {@code
 * ActorRef<Term>} registered under the key, which sends what it is told to the pid. Exactly one JVM
 * of the cluster registers each pid ({@link Rendezvous} over the members that are up and
 * reachable), so the listing holds each Erlang member once; when the owner leaves, the next one
 * takes the pid over. The refs follow the group: a pid that leaves, exits or whose node goes down
 * has its ref stopped, which takes it out of the listing.
 *
 * <p>Members of this node and of the other JVMs' nodes ({@link ClusterPeers}) are Java actors
 * already (mirrored the other way), so they are left out.
 */
final class GroupImport extends AbstractBehavior<GroupImport.Command> {
  sealed interface Command {}

  private enum GroupChanged implements Command {
    INSTANCE
  }

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record PeersChanged(Set<Atom> nodes) implements Command {}

  private record ListingChanged(Receptionist.Listing listing) implements Command {}

  private final Term group;
  private final ServiceKey<Term> key;
  private final ErlangNode node;
  private final PgScope pg;
  private final Pid sender;
  private final Address self;
  private final ActorRef<GroupEvent> groupEvents;
  private final Set<Address> up = new HashSet<>();
  private final Set<Address> unreachable = new HashSet<>();
  private Set<Atom> peers = Set.of();
  private Set<String> listedElsewhere = Set.of();
  private final Map<Pid, ActorRef<Term>> refs = new HashMap<>();
  private long refNumbers;

  static Behavior<Command> create(
      Term group, ServiceKey<Term> key, ErlangNode node, PgScope pg, Pid sender) {
    return Behaviors.setup(context -> new GroupImport(context, group, key, node, pg, sender));
  }

  private GroupImport(
      ActorContext<Command> context,
      Term group,
      ServiceKey<Term> key,
      ErlangNode node,
      PgScope pg,
      Pid sender) {
    super(context);
    this.group = group;
    this.key = key;
    this.node = node;
    this.pg = pg;
    this.sender = sender;
    Cluster cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().address();
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                ClusterEvent.MemberEvent.class));
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                context.messageAdapter(
                    ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
                ClusterEvent.ReachabilityEvent.class));
    // One adapter per message class: both listings come through it.
    ActorRef<Receptionist.Listing> listings =
        context.messageAdapter(
            Receptionist.Listing.class,
            l ->
                l.isForKey(ClusterPeers.KEY)
                    ? new PeersChanged(ClusterPeers.nodes(l))
                    : new ListingChanged(l));
    context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterPeers.KEY, listings));
    context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings));
    groupEvents = context.messageAdapter(GroupEvent.class, e -> GroupChanged.INSTANCE);
    pg.monitor(group, groupEvents);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(GroupChanged.INSTANCE, this::update)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
        .onMessage(PeersChanged.class, this::onPeersChanged)
        .onMessage(ListingChanged.class, this::onListingChanged)
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Command> onMemberChanged(MemberChanged changed) {
    ClusterEvent.MemberEvent event = changed.event();
    Address member = event.member().address();
    if (event instanceof ClusterEvent.MemberUp || event instanceof ClusterEvent.MemberWeaklyUp) {
      up.add(member);
    } else if (event instanceof ClusterEvent.MemberDowned
        || event instanceof ClusterEvent.MemberExited
        || event instanceof ClusterEvent.MemberRemoved) {
      up.remove(member);
      unreachable.remove(member);
    }
    return update();
  }

  private Behavior<Command> onReachabilityChanged(ReachabilityChanged changed) {
    Address member = changed.event().member().address();
    if (changed.event() instanceof ClusterEvent.UnreachableMember) {
      unreachable.add(member);
    } else {
      unreachable.remove(member);
    }
    return update();
  }

  private Behavior<Command> onPeersChanged(PeersChanged changed) {
    peers = changed.nodes();
    return update();
  }

  /** Which pids the other members list now, from the names of their refs. */
  private Behavior<Command> onListingChanged(ListingChanged changed) {
    Set<String> elsewhere = new HashSet<>();
    for (ActorRef<Term> ref : changed.listing().getServiceInstances(key)) {
      if (!ref.path().address().hasLocalScope()) {
        String name = ref.path().name();
        elsewhere.add(name.substring(0, name.lastIndexOf('-') + 1));
      }
    }
    listedElsewhere = Set.copyOf(elsewhere);
    return update();
  }

  /**
   * Registers the members this JVM owns and has no ref for; stops the refs of pids that are no
   * longer Erlang members, and of those another member owns once that member lists them.
   */
  private Behavior<Command> update() {
    Set<Address> serving = new HashSet<>(up);
    serving.removeAll(unreachable);
    Set<Pid> members = new HashSet<>();
    Set<Pid> owned = new HashSet<>();
    for (Pid pid : pg.getMembers(group)) {
      if (!pid.node().equals(node.nodeName()) && !peers.contains(pid.node())) {
        members.add(pid);
        if (Rendezvous.owner(pid, serving).equals(Optional.of(self))) {
          owned.add(pid);
        }
      }
    }
    for (Pid pid : Set.copyOf(refs.keySet())) {
      if (!members.contains(pid)
          || (!owned.contains(pid) && listedElsewhere.contains(pidPrefix(pid)))) {
        getContext().stop(refs.remove(pid));
      }
    }
    for (Pid pid : owned) {
      if (!refs.containsKey(pid)) {
        ActorRef<Term> ref = getContext().spawn(PidRef.create(node, sender, pid), refName(pid));
        refs.put(pid, ref);
        getContext().getSystem().receptionist().tell(Receptionist.register(key, ref));
      }
    }
    return this;
  }

  private Behavior<Command> onStop() {
    pg.demonitor(groupEvents);
    return this;
  }

  /**
   * A ref's name says which pid it stands for ({@link #pidPrefix}), for the other members and in
   * logs; the number after it keeps names unique when a pid comes back.
   */
  private String refName(Pid pid) {
    return pidPrefix(pid) + ++refNumbers;
  }

  private static String pidPrefix(Pid pid) {
    return "pid-"
        + URLEncoder.encode(pid.node().name(), StandardCharsets.UTF_8)
        + "-"
        + pid.id()
        + "."
        + pid.serial()
        + "."
        + pid.creation()
        + "-";
  }
}
