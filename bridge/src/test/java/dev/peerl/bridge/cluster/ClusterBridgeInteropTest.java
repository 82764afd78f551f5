package dev.peerl.bridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two members of a real Pekko Cluster (two actor systems over Artery in this JVM, each with its own
 * Erlang node) and real erl nodes: Receptionist services in pg groups, pg groups in the
 * Receptionist, and membership following stops, exits, nodedowns and a member leaving.
 */
class ClusterBridgeInteropTest {
  private static final String COOKIE = "peerl_cluster_cookie";
  private static final Path CODE =
      ErlangCompiler.compileResources("peerl_pg_test", "peerl_cluster_test");
  private static final AtomicLong NAMES = new AtomicLong();
  private static final Atom PING = Atom.of("ping");
  private static final Atom PONG = Atom.of("pong");

  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.of(erlNode());

  private static ClusterMember a;
  private static ClusterMember b;

  private static ErlangTestNode.Builder erlNode() {
    return ErlangTestNode.builder()
        .cookie(COOKIE)
        .args("-kernel", "start_pg", "true")
        .codePath(CODE);
  }

  private static String host() {
    return BridgeTestNode.hostOf(erlang.node().nodeName());
  }

  private static ClusterMember member(String extraConfig) throws Exception {
    return ClusterMember.start(host(), COOKIE, List.of(erlang.node().nodeName()), extraConfig);
  }

  @BeforeAll
  static void formCluster() throws Exception {
    a = member("");
    b = member("");
    a.join(a);
    b.join(a);
  }

  @AfterAll
  static void stopCluster() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static String newName(String prefix) {
    return prefix + "_" + NAMES.incrementAndGet();
  }

  private static Term eval(ErlangTestNode node, String expression, Object... bindings) {
    Map<String, Term> map = new HashMap<>();
    for (int i = 0; i < bindings.length; i += 2) {
      map.put((String) bindings[i], (Term) bindings[i + 1]);
    }
    return node.eval(expression, map);
  }

  /** Waits on erl until the nodes of {@code group}'s members are {@code nodes} (sorted). */
  private static void assertErlSeesMembersOn(Atom group, Atom... nodes) {
    List<Term> expected = new ArrayList<>(List.of(nodes));
    expected.sort((x, y) -> ((Atom) x).name().compareTo(((Atom) y).name()));
    Term seen =
        eval(
            erlang.node(),
            "peerl_pg_test:await(fun() -> peerl_cluster_test:member_nodes(G) end, E)",
            "G",
            group,
            "E",
            ErlList.of(expected));
    assertEquals(ErlList.of(expected), seen);
  }

  /**
   * Waits until {@code member}'s Receptionist lists {@code count} reachable refs for {@code key}.
   */
  private static <T> Set<ActorRef<T>> awaitListing(
      ClusterMember member, ServiceKey<T> key, int count) {
    return awaitListing(member, key, count, null);
  }

  /**
   * Waits until {@code member} lists {@code count} instances of {@code key}, none of them on {@code
   * gone} (a member that left: its entries go from the listing some time after it is gone).
   */
  private static <T> Set<ActorRef<T>> awaitListing(
      ClusterMember member, ServiceKey<T> key, int count, Address gone) {
    TestProbe<Receptionist.Listing> listings = member.testKit().createTestProbe();
    member.system().receptionist().tell(Receptionist.subscribe(key, listings.getRef()));
    Set<ActorRef<T>> found = new HashSet<>();
    listings.fishForMessage(
        ClusterMember.DEADLINE,
        listing -> {
          found.clear();
          found.addAll(listing.getServiceInstances(key));
          return found.size() == count
                  && found.stream().noneMatch(ref -> ref.path().address().equals(gone))
              ? FishingOutcomes.complete()
              : FishingOutcomes.continueAndIgnore();
        });
    listings.stop();
    return Set.copyOf(found);
  }

  /** A process of {@code member}'s node that hands every message it gets to {@code probe}. */
  private static Pid collector(ClusterMember member, TestProbe<Term> probe) {
    return member.node().spawn(BridgeTestNode.forwardingTo(probe)).pid();
  }

  /** Maps {@code {hello, <<"Name">>}} to {@code "Name"}; anything else is refused. */
  private static String hello(Term term) {
    Tuple t = (Tuple) term;
    if (!Atom.of("hello").equals(t.get(0))) {
      throw new IllegalArgumentException("not a hello: " + term);
    }
    return ((Binary) t.get(1)).utf8();
  }

  @Test
  void javaActorsOfEveryMemberJoinThePgGroupAndGetWhatErlangSends() {
    ServiceKey<String> key = ServiceKey.create(String.class, newName("hello"));
    Atom group = Atom.of(key.id());
    TestProbe<String> onA = a.testKit().createTestProbe();
    TestProbe<String> onB = b.testKit().createTestProbe();
    a.system().receptionist().tell(Receptionist.register(key, onA.getRef()));
    b.system().receptionist().tell(Receptionist.register(key, onB.getRef()));
    a.bridge().exportService(key, group, ClusterBridgeInteropTest::hello);
    b.bridge().exportService(key, group, ClusterBridgeInteropTest::hello);
    assertErlSeesMembersOn(group, a.node().nodeName(), b.node().nodeName());

    // What the mapping refuses is dropped; the members carry on.
    eval(
        erlang.node(),
        "peerl_cluster_test:send_all(G, garbage), peerl_cluster_test:send_all(G, {hello, 42}),"
            + " peerl_cluster_test:send_all(G, {hello, <<\"erl\">>})",
        "G",
        group);
    onA.expectMessage(ClusterMember.DEADLINE, "erl");
    onB.expectMessage(ClusterMember.DEADLINE, "erl");

    // An actor that stops leaves the group; its member is gone from erl's view.
    onA.stop();
    assertErlSeesMembersOn(group, b.node().nodeName());
  }

  @Test
  void erlangMembersAreListedOnceInTheClusterAndReachableFromEveryMember() {
    ServiceKey<Term> key = ServiceKey.create(Term.class, newName("pingers"));
    Atom group = Atom.of(key.id());
    a.bridge().importGroup(group, key);
    b.bridge().importGroup(group, key);
    Pid first = (Pid) eval(erlang.node(), "peerl_cluster_test:pinger(G)", "G", group);
    Pid second = (Pid) eval(erlang.node(), "peerl_cluster_test:pinger(G)", "G", group);
    awaitListing(b, key, 2);
    Set<ActorRef<Term>> refs = awaitListing(a, key, 2);

    // Some refs may live on b: the pings then cross Artery as terms first.
    TestProbe<Term> pongs = a.testKit().createTestProbe();
    Pid replyTo = collector(a, pongs);
    refs.forEach(ref -> ref.tell(Tuple.of(PING, replyTo)));
    Set<Term> answers =
        Set.of(
            pongs.receiveMessage(ClusterMember.DEADLINE),
            pongs.receiveMessage(ClusterMember.DEADLINE));
    assertEquals(Set.of(Tuple.of(PONG, first), Tuple.of(PONG, second)), answers);

    // A member that exits leaves the listing.
    eval(erlang.node(), "peerl_pg_test:stop(P)", "P", first);
    Set<ActorRef<Term>> left = awaitListing(a, key, 1);
    left.forEach(ref -> ref.tell(Tuple.of(PING, replyTo)));
    pongs.expectMessage(ClusterMember.DEADLINE, Tuple.of(PONG, second));
  }

  @Test
  void theMembersOfAnErlangNodeThatGoesDownLeaveTheListing() throws Exception {
    ServiceKey<Term> key = ServiceKey.create(Term.class, newName("doomed"));
    Atom group = Atom.of(key.id());
    a.bridge().importGroup(group, key);
    b.bridge().importGroup(group, key);
    ErlangTestNode doomed = erlNode().start();
    try {
      for (ClusterMember m : List.of(a, b)) {
        m.node().connect(doomed.nodeAtom()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      eval(doomed, "peerl_cluster_test:pinger(G)", "G", group);
      Pid other = (Pid) eval(erlang.node(), "peerl_cluster_test:pinger(G)", "G", group);
      awaitListing(a, key, 2);
      doomed.close();
      Set<ActorRef<Term>> left = awaitListing(a, key, 1);
      TestProbe<Term> pongs = a.testKit().createTestProbe();
      Pid replyTo = collector(a, pongs);
      left.forEach(ref -> ref.tell(Tuple.of(PING, replyTo)));
      pongs.expectMessage(ClusterMember.DEADLINE, Tuple.of(PONG, other));
    } finally {
      doomed.close();
    }
  }

  @Test
  void aMemberThatLeavesTheClusterTakesItsJavaMembersAlongAndHandsOverItsErlangPids()
      throws Exception {
    ServiceKey<String> service = ServiceKey.create(String.class, newName("leaving"));
    Atom serviceGroup = Atom.of(service.id());
    ServiceKey<Term> key = ServiceKey.create(Term.class, newName("handed_over"));
    Atom group = Atom.of(key.id());
    ClusterMember c = member("").join(a);
    try {
      a.bridge().importGroup(group, key);
      b.bridge().importGroup(group, key);
      c.bridge().importGroup(group, key);
      TestProbe<String> onC = c.testKit().createTestProbe();
      c.system().receptionist().tell(Receptionist.register(service, onC.getRef()));
      c.bridge().exportService(service, serviceGroup, ClusterBridgeInteropTest::hello);
      assertErlSeesMembersOn(serviceGroup, c.node().nodeName());

      // Erlang members until c owns one of them: c must hand it over when it leaves.
      List<Address> members = List.of(a.address(), b.address(), c.address());
      List<Pid> pingers = new ArrayList<>();
      Pid ownedByC;
      do {
        ownedByC = (Pid) eval(erlang.node(), "peerl_cluster_test:pinger(G)", "G", group);
        pingers.add(ownedByC);
      } while (!Rendezvous.owner(ownedByC, members).equals(Optional.of(c.address())));
      awaitListing(a, key, pingers.size());

      c.cluster().manager().tell(Leave.create(c.address()));
      c.system().getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);

      assertErlSeesMembersOn(serviceGroup);
      Set<ActorRef<Term>> refs = awaitListing(a, key, pingers.size(), c.address());
      TestProbe<Term> pongs = a.testKit().createTestProbe();
      Pid replyTo = collector(a, pongs);
      refs.forEach(ref -> ref.tell(Tuple.of(PING, replyTo)));
      Set<Term> answers = new HashSet<>();
      for (int i = 0; i < pingers.size(); i++) {
        answers.add(pongs.receiveMessage(ClusterMember.DEADLINE));
      }
      Set<Term> expected = new HashSet<>();
      pingers.forEach(p -> expected.add(Tuple.of(PONG, p)));
      assertEquals(expected, answers);
    } finally {
      c.close();
    }
  }

  @Test
  void keepsItsErlangNodesConnectedAndLeavesTheOtherMembersNodesAlone() throws Exception {
    Atom erl = erlang.node().nodeAtom();
    TestProbe<Void> probe = a.testKit().createTestProbe();
    probe.awaitAssert(
        ClusterMember.DEADLINE,
        () -> {
          assertTrue(a.node().connectedNodes().contains(erl));
          return null;
        });
    a.node().disconnect(erl).toCompletableFuture().get(10, TimeUnit.SECONDS);
    probe.awaitAssert(
        ClusterMember.DEADLINE,
        () -> {
          assertTrue(a.node().connectedNodes().contains(erl));
          return null;
        });
    assertFalse(a.node().connectedNodes().contains(b.node().nodeName()));
  }

  @Test
  void discoversErlangNodesThroughEpmd() throws Exception {
    String prefix = newName("discover_me");
    try (ErlangTestNode found = erlNode().namePrefix(prefix).start();
        ClusterMember alone =
            ClusterMember.start(
                host(),
                COOKIE,
                List.of(),
                "peerl.bridge.cluster.discovery { hosts = [\""
                    + host()
                    + "\"], interval = 200ms, node-pattern = \""
                    + prefix
                    + ".*\" }")) {
      TestProbe<Void> probe = alone.testKit().createTestProbe();
      probe.awaitAssert(
          ClusterMember.DEADLINE,
          () -> {
            assertEquals(Set.of(found.nodeAtom()), alone.node().connectedNodes());
            return null;
          });
    }
  }
}
