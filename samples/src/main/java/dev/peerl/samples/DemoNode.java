package dev.peerl.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.peerl.bridge.rpc.Rpc;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessMessage;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The demo node: a Peerl node that Erlang can reach, with the processes an Erlang user tries first.
 * Today it registers {@code echo}, which answers a plain message {@code {Pid, X}} by sending {@code
 * X} to {@code Pid}, and serves rpc with the Java module {@code demo} ({@link DemoModule}: {@code
 * rpc:call(Demo, demo, add, [2, 3])}); the gen_server services of the demo contract (echo and
 * counter calls, linker, watcher, relay, sink) arrive with the bridge.
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
    DemoNode demo = start(options, Duration.ofSeconds(30));
    demo.printHowToReach(System.out, options.cookie());
    demo.system.getWhenTerminated().toCompletableFuture().join();
  }

  /** Starts the node and its processes; returns once the node can be reached. */
  public static DemoNode start(DemoOptions options, Duration timeout) throws Exception {
    Config config =
        ConfigFactory.empty()
            .withValue("peerl.node-name", ConfigValueFactory.fromAnyRef(options.name()))
            .withValue("peerl.cookie", ConfigValueFactory.fromAnyRef(options.cookie()))
            .withValue("peerl.epmd.embedded", ConfigValueFactory.fromAnyRef("on-demand"));
    if (options.epmdPort().isPresent()) {
      config =
          config.withValue(
              "peerl.epmd.port", ConfigValueFactory.fromAnyRef(options.epmdPort().getAsInt()));
    }
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(), "peerl-demo", config.withFallback(ConfigFactory.load()));
    ErlangNode node = ErlangNode.get(system);
    node.started().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    spawnEcho(node);
    DemoModule.register(Rpc.install(node).modules());
    return new DemoNode(system, node);
  }

  private static void spawnEcho(ErlangNode node) {
    node.spawn(
        "echo",
        ctx ->
            Behaviors.receive(ProcessMessage.class)
                .onMessage(
                    ProcessMessage.Message.class,
                    message -> {
                      if (message.body() instanceof Tuple tuple
                          && tuple.arity() == 2
                          && tuple.get(0) instanceof Pid from) {
                        ctx.send(from, tuple.get(1));
                      }
                      return Behaviors.same();
                    })
                .build());
  }

  public ErlangNode node() {
    return node;
  }

  void printHowToReach(PrintStream out, String cookie) {
    String name = node.nodeName().name();
    out.println("ready");
    out.println("Peerl demo node " + name + " (distribution port " + node.port() + ").");
    out.println("From Erlang:");
    out.println(
        "  erl -sname shell -setcookie "
            + cookie
            + " -eval \"{echo, '"
            + name
            + "'} ! {self(), hello}, receive R -> io:format(\\\"~p~n\\\", [R]) end.\"");
    out.println("From Elixir:");
    out.println(
        "  iex --sname shell --cookie "
            + cookie
            + " -e \"send({:echo, :'"
            + name
            + "'}, {self(), :hello}); receive do r -> IO.inspect(r) end\"");
    out.flush();
  }

  /** Stops the node: leaves EPMD, closes connections, stops the embedded EPMD if it runs one. */
  public void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
