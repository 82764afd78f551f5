package dev.peerl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.samples.cluster.ClusterOptions;
import dev.peerl.samples.cluster.ClusterSample;
import dev.peerl.samples.cluster.Greeter;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangTestNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.Test;

/**
 * Sample 5 as {@code scripts/sample.sh cluster} runs it: two JVMs in a Pekko Cluster (this one, the
 * seed, and a {@code java} child process), two erl nodes with an Erlang greeter each. It checks the
 * membership on both sides, then kills the child JVM and one erl node and checks it again.
 */
class ClusterSampleInteropTest {
  private static final String COOKIE = "peerl_cluster_sample_cookie";
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Path CODE = ErlangCompiler.compile(Path.of("src/main/erlang"));

  private static ErlangTestNode erlNode() {
    return ErlangTestNode.builder()
        .cookie(COOKIE)
        .args("-kernel", "start_pg", "true")
        .codePath(CODE)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void servicesAreUsedFromBothSidesAndMembershipFollowsKills() throws Exception {
    Path childOutput = Files.createTempFile("peerl-cluster-sample", ".err");
    ErlangTestNode erl2 = erlNode(); // killed halfway: closed by hand
    try (ErlangTestNode erl1 = erlNode()) {
      erl1.eval("cluster_greeter:start()");
      erl2.eval("cluster_greeter:start()");
      String host = erl1.nodeName().substring(erl1.nodeName().indexOf('@') + 1);
      List<String> erlangNodes = List.of(erl1.nodeName(), erl2.nodeName());
      int seedPort = freePort();
      int childPort = freePort();
      ClusterOptions seedOptions =
          new ClusterOptions(
              "sample_cluster_" + NAMES.incrementAndGet() + "@" + host,
              COOKIE,
              seedPort,
              seedPort,
              erlangNodes);
      String childName = "sample_cluster_" + NAMES.incrementAndGet() + "@" + host;
      try (ClusterSample seed = ClusterSample.start(seedOptions)) {
        Process child =
            startChild(
                childOutput,
                "--name",
                childName,
                "--cookie",
                COOKIE,
                "--port",
                Integer.toString(childPort),
                "--seed",
                Integer.toString(seedPort),
                "--erlang",
                String.join(",", erlangNodes));
        try {
          Atom seedNode = seed.node().nodeName();
          Atom childNode = Atom.of(childName);

          // Before: both JVMs' greeters in pg, both Erlang greeters in the Receptionist.
          assertEquals(
              ErlList.of(sorted(seedNode, childNode)),
              erl1.eval("cluster_greeter:await_java_greeters(2)", Duration.ofSeconds(30)));
          assertEquals(
              ErlList.of(
                  sorted(seedNode, childNode).stream()
                      .map(n -> (Term) Tuple.of(n, Binary.of("hello erl")))
                      .toList()),
              erl1.eval("cluster_greeter:greet_all(<<\"erl\">>)", Duration.ofSeconds(30)));
          assertEquals(2, awaitListing(seed, Greeter.KEY, 2).size());
          assertEquals(
              Set.of(erl1.nodeAtom(), erl2.nodeAtom()),
              greetErlangGreeters(seed, awaitListing(seed, ClusterSample.ERL_GREETERS, 2)));

          // Kill the child JVM (the younger member: the split brain resolver keeps the oldest's
          // side) and one erl node.
          child.destroyForcibly();
          erl2.close();

          // After: the seed's greeter alone in pg, erl1's greeter alone in the Receptionist.
          assertEquals(
              ErlList.of(seedNode),
              erl1.eval("cluster_greeter:await_java_greeters(1)", Duration.ofSeconds(30)));
          assertEquals(1, awaitListing(seed, Greeter.KEY, 1).size());
          assertEquals(
              Set.of(erl1.nodeAtom()),
              greetErlangGreeters(seed, awaitListing(seed, ClusterSample.ERL_GREETERS, 1)));
        } catch (AssertionError | RuntimeException e) {
          System.err.println("the child JVM printed:\n" + Files.readString(childOutput));
          throw e;
        } finally {
          child.destroyForcibly();
        }
      }
    } finally {
      erl2.close();
      Files.deleteIfExists(childOutput);
    }
  }

  private static List<Atom> sorted(Atom... nodes) {
    List<Atom> list = new ArrayList<>(List.of(nodes));
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return list;
  }

  /** Starts {@link ClusterSample#main} in a new JVM; returns once it has printed {@code ready}. */
  private static Process startChild(Path errors, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ClusterSample.class.getName());
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    child.getOutputStream().close();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("ready ")) {
                    ready.complete(line);
                  }
                }
                ready.completeExceptionally(new IllegalStateException("the child JVM exited"));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            },
            "cluster-sample-child-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM did not start:\n" + Files.readString(errors), e);
    }
    return child;
  }

  /** Waits until the seed's Receptionist lists {@code count} reachable refs for {@code key}. */
  private static <T> Set<ActorRef<T>> awaitListing(
      ClusterSample member, ServiceKey<T> key, int count) {
    TestProbe<Receptionist.Listing> listings = TestProbe.create(member.system());
    member.system().receptionist().tell(Receptionist.subscribe(key, listings.getRef()));
    Set<ActorRef<T>> found = new HashSet<>();
    listings.fishForMessage(
        DEADLINE,
        listing -> {
          found.clear();
          found.addAll(listing.getServiceInstances(key));
          return found.size() == count
              ? FishingOutcomes.complete()
              : FishingOutcomes.continueAndIgnore();
        });
    listings.stop();
    return Set.copyOf(found);
  }

  /**
   * Greets each Erlang greeter through its {@code ActorRef<Term>}, with a process of the seed's
   * node as the reply address; the nodes that answered.
   */
  private static Set<Term> greetErlangGreeters(ClusterSample member, Set<ActorRef<Term>> greeters) {
    TestProbe<Term> answers = TestProbe.create(member.system());
    Pid replyTo =
        member
            .node()
            .spawn(
                ctx ->
                    Behaviors.receive(ProcessMessage.class)
                        .onMessage(
                            ProcessMessage.Message.class,
                            m -> {
                              answers.getRef().tell(m.body());
                              return Behaviors.same();
                            })
                        .build())
            .pid();
    greeters.forEach(
        greeter -> greeter.tell(Tuple.of(Atom.of("greet"), replyTo, Binary.of("java"))));
    Set<Term> nodes = new HashSet<>();
    for (int i = 0; i < greeters.size(); i++) {
      Tuple answer = (Tuple) answers.receiveMessage(DEADLINE);
      assertEquals(Binary.of("hello java"), answer.get(2));
      nodes.add(answer.get(1));
    }
    return nodes;
  }
}
