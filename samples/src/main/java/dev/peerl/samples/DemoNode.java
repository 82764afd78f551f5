package dev.peerl.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.bridge.Bridge;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.samples.services.Counter;
import dev.peerl.samples.services.Echo;
import dev.peerl.samples.services.Linker;
import dev.peerl.samples.services.Relay;
import dev.peerl.samples.services.Sink;
import dev.peerl.samples.services.Watcher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The demo node: a Peerl node that Erlang and Elixir can reach ({@code net_adm:ping} answers {@code
 * pong}), with the services an Erlang user tries first, each in its own class of {@code
 * dev.peerl.samples.services}: the gen_servers {@link Echo echo}, {@link Counter counter}, {@link
 * Linker linker}, {@link Watcher watcher} and {@link Relay relay}, the benchmark receiver {@link
 * Sink sink}, and the rpc module {@code demo} ({@link DemoModule}: {@code rpc:call(Demo, demo, add,
 * [2, 3])}).
 *
 * <pre>
 *   java -jar samples/target/peerl-demo.jar --name NAME[@HOST] --cookie COOKIE [--epmd-port PORT]
 * </pre>
 *
 * It starts the embedded EPMD when none answers on the EPMD port, and prints {@code ready} on
 * standard output once it can be reached.
 */
public final class DemoNode {
  private final ActorSystem<Void> system;
  private final ErlangNode node;

  private DemoNode(ActorSystem<Void> system, ErlangNode node) {
    this.system = system;
    this.node = node;
  }

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    DemoNode demo;
    try {
      demo = start(options, Duration.ofSeconds(30));
    } catch (Exception e) {
      // start() has stopped the actor system: nothing keeps the JVM up.
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("The demo node did not start: " + cause.getMessage());
      System.exit(1);
      return;
    }
    demo.printHowToReach(System.out, options.cookie());
    demo.system.getWhenTerminated().toCompletableFuture().join();
  }

  /** Starts the node and its processes; returns once the node can be reached. */
  public static DemoNode start(DemoOptions options, Duration timeout) throws Exception {
    Config config = options.config();
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), "peerl-demo", config.withFallback(ConfigFactory.load()));
    Bridge bridge;
    try {
      bridge = Bridge.get(system);
      bridge.started().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception | Error e) {
      // A node that cannot start (name taken, port in use) must not leave the system running.
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      throw e;
    }
    ErlangNode node = bridge.node();
    node.spawn(Echo.NAME, Echo.behavior());
    node.spawn(Counter.NAME, Counter.behavior());
    node.spawn(Linker.NAME, Linker.behavior());
    node.spawn(Watcher.NAME, Watcher.behavior());
    node.spawn(Relay.NAME, Relay.behavior());
    node.spawn(Sink.NAME, Sink::create);
    DemoModule.register(bridge.rpc().modules());
    return new DemoNode(system, node);
  }

  public ErlangNode node() {
    return node;
  }

  void printHowToReach(PrintStream out, String cookie) {
    String name = node.nodeName().name();
    out.println("ready");
    out.println("Peerl demo node " + name + " (distribution port " + node.port() + ").");
    out.println("Services: echo, counter, linker, watcher, relay (gen_servers), sink.");
    out.println("From Erlang (erl -sname shell -setcookie " + cookie + "):");
    out.println("  pong = net_adm:ping('" + name + "').");
    out.println("  gen_server:call({echo, '" + name + "'}, {hello, [1, 2.5, <<\"bin\">>]}).");
    out.println("  gen_server:call({counter, '" + name + "'}, {add, 5}).");
    out.println("From Elixir (iex --sname shell --cookie " + cookie + "):");
    out.println("  Node.ping(:\"" + name + "\")");
    out.println("  GenServer.call({:echo, :\"" + name + "\"}, %{hello: \"world\"})");
    out.println("  GenServer.call({:counter, :\"" + name + "\"}, {:add, 5})");
    out.flush();
  }

  /** Stops the node: leaves EPMD, closes connections, stops the embedded EPMD if it runs one. */
  public void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
