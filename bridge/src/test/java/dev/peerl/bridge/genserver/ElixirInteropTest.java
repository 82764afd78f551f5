package dev.peerl.bridge.genserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.codec.Atom;
import dev.peerl.testkit.ElixirScript;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Java gen_server called from Elixir: {@code GenServer.call}, {@code GenServer.cast}, send. */
class ElixirInteropTest {
  private static final String COOKIE = "peerl_elixir_cookie";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

  private static BridgeTestNode java;

  @BeforeAll
  static void startJava() throws Exception {
    // Elixir's --sname takes the short host name, as erl -sname does.
    String host = InetAddress.getLocalHost().getHostName().split("\\.")[0];
    java = BridgeTestNode.start(host, COOKIE);
    java.bridge();
    java.node().spawn(Atom.of("echo"), TestServers.probe());
  }

  @AfterAll
  static void stopJava() {
    java.close();
  }

  private static ElixirScript.Result elixir(String code) throws Exception {
    String script = "node = :\"" + java.name().name() + "\"\n" + code;
    ElixirScript.Result result = ElixirScript.run(COOKIE, script, SCRIPT_TIMEOUT);
    assertEquals(0, result.exitCode(), result::toString);
    return result;
  }

  @Test
  void callsAJavaGenServerWithGenServerCall() throws Exception {
    ElixirScript.Result result =
        elixir(
            """
            :pong = Node.ping(node)
            term = {:echo, [1, 2.5, "binary", %{a: [b: :c]}, Integer.pow(2, 100), self(), make_ref()]}
            reply = GenServer.call({:echo, node}, term)
            IO.puts(reply == elem(term, 1))
            IO.puts(GenServer.call({:echo, node}, {:add, 41}) + 1)
            """);
    assertEquals(List.of("true", "42"), result.lines());
  }

  @Test
  void sendsAndCastsToAJavaGenServer() throws Exception {
    ElixirScript.Result result =
        elixir(
            """
            send({:echo, node}, {self(), :sent})
            receive do x -> IO.inspect(x) after 5000 -> exit(:no_reply) end
            GenServer.cast({:echo, node}, {:notify, self(), "cast"})
            receive do x -> IO.inspect(x) after 5000 -> exit(:no_reply) end
            """);
    assertEquals(List.of(":sent", "\"cast\""), result.lines());
  }

  @Test
  void exitsWithNoprocCallingAMissingJavaServer() throws Exception {
    ElixirScript.Result result =
        elixir(
            """
            try do
              GenServer.call({:missing, node}, :hello, 60_000)
            catch
              :exit, {reason, _} -> IO.inspect(reason)
            end
            """);
    assertEquals(List.of(":noproc"), result.lines());
  }
}
