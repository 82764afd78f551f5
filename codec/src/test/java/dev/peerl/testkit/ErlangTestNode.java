package dev.peerl.testkit;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real {@code erl} OS process running as a distributed node, driven over its stdin and stdout by
 * {@code peerl_testkit.erl} (see {@link EvalProtocol}), so tests can set up and inspect Erlang
 * state without depending on the Java node under test.
 *
 * <pre>{@code
 * try (ErlangTestNode node = ErlangTestNode.builder().args("-hidden").start()) {
 *   Term sum = node.eval("1 + 2");
 * }
 * }</pre>
 *
 * <p>Each {@link #eval} runs in a fresh Erlang process with fresh bindings; a process that must
 * outlive the call has to be spawned (and registered) by the expression.
 */
public final class ErlangTestNode implements AutoCloseable {
  public static final Duration DEFAULT_EVAL_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #close()} lets the node halt by itself before killing it. */
  static final Duration HALT_GRACE = Duration.ofSeconds(3);

  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Process process;
  private final NodeChannel channel;
  private final OutputLog log;
  private final String nodeName;
  private final String cookie;
  private final long osPid;
  private final Duration evalTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ErlangTestNode(
      Process process,
      NodeChannel channel,
      OutputLog log,
      String nodeName,
      String cookie,
      long osPid,
      Duration evalTimeout) {
    this.process = process;
    this.channel = channel;
    this.log = log;
    this.nodeName = nodeName;
    this.cookie = cookie;
    this.osPid = osPid;
    this.evalTimeout = evalTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A node with a random name and cookie and no extra arguments. */
  public static ErlangTestNode start() {
    return builder().start();
  }

  /** The value of {@code expression}, waiting at most the node's eval timeout (10 s unless set). */
  public Term eval(String expression) {
    return eval(expression, Map.of(), evalTimeout);
  }

  public Term eval(String expression, Duration timeout) {
    return eval(expression, Map.of(), timeout);
  }

  /**
   * The value of {@code expression} with the given variables bound, such as a pid the test got
   * elsewhere: {@code eval("Pid ! hello", Map.of("Pid", pid))}.
   */
  public Term eval(String expression, Map<String, ? extends Term> bindings) {
    return eval(expression, bindings, evalTimeout);
  }

  /**
   * The value of {@code expression} with the given variables bound.
   *
   * @throws ErlangEvalException when the expression raised
   * @throws ErlangSyntaxException when it is not a valid expression
   * @throws ErlangTimeoutException when the node did not answer within {@code timeout}
   * @throws ErlangNodeExitedException when the node is gone
   */
  public Term eval(String expression, Map<String, ? extends Term> bindings, Duration timeout) {
    return evaluate(channel, log, nodeName, expression, bindings, timeout);
  }

  /** The node's full name, {@code name@host}, as the node itself reports {@code node()}. */
  public String nodeName() {
    return nodeName;
  }

  /** The node name as the atom other nodes address it by. */
  public Atom nodeAtom() {
    return Atom.of(nodeName);
  }

  public String cookie() {
    return cookie;
  }

  /** The OS process id of the Erlang VM, as {@code os:getpid()} reports it. */
  public long osPid() {
    return osPid;
  }

  /**
   * Sends the VM the OS signal {@code name} ({@code "STOP"}, {@code "CONT"}, {@code "KILL"}), as
   * {@code kill -NAME} does: a stopped VM keeps its sockets open but answers nothing, the way a
   * hung or partitioned node looks to its peers.
   *
   * @throws ErlangTestKitException when {@code kill} fails or does not finish within a few seconds
   */
  public void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(osPid)).inheritIO().start();
      if (!kill.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new ErlangTestKitException("kill -" + name + " " + osPid + " failed (" + this + ")");
      }
    } catch (IOException e) {
      throw new ErlangTestKitException("cannot run kill -" + name + " " + osPid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErlangTestKitException("interrupted while sending " + name + " to " + this, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the node printed besides answers, oldest first, for the report of a failing test. */
  public String recentOutput() {
    return log.text();
  }

  /**
   * Stops the node: closes its stdin so that it halts, and kills it when it has not within a few
   * seconds. Returns once the process is gone. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channel.closeInput();
      if (!awaitExit(HALT_GRACE)) {
        LiveNodes.kill(process);
        if (!awaitExit(KILL_WAIT)) {
          throw new ErlangTimeoutException(
              "Erlang node " + nodeName + " (os pid " + osPid + ") did not die", KILL_WAIT, "");
        }
      }
    } finally {
      LiveNodes.remove(process);
    }
  }

  /** The exit status of the {@code erl} process; only once it has exited. */
  int exitValue() {
    return process.exitValue();
  }

  @Override
  public String toString() {
    return "ErlangTestNode[" + nodeName + ", os pid " + osPid + "]";
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LiveNodes.kill(process);
      throw new ErlangTestKitException("interrupted while stopping Erlang node " + nodeName, e);
    }
  }

  private static Term evaluate(
      NodeChannel channel,
      OutputLog log,
      String node,
      String expression,
      Map<String, ? extends Term> bindings,
      Duration timeout) {
    CompletableFuture<Reply> answer = channel.send(expression, bindings);
    Reply reply;
    try {
      reply = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(false);
      throw new ErlangTimeoutException(
          "Erlang node " + node + " did not answer `" + expression + "`", timeout, log.excerpt());
    } catch (InterruptedException e) {
      answer.cancel(false);
      Thread.currentThread().interrupt();
      throw new ErlangTestKitException("interrupted while evaluating `" + expression + "`", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("answers are never completed exceptionally", e);
    }
    return valueOf(reply, log, node, expression);
  }

  private static Term valueOf(Reply reply, OutputLog log, String node, String expression) {
    if (reply instanceof Reply.Value value) {
      return value.value();
    } else if (reply instanceof Reply.Raised raised) {
      throw new ErlangEvalException(
          node,
          expression,
          raised.errorClass(),
          raised.reason(),
          raised.stacktrace(),
          raised.formatted());
    } else if (reply instanceof Reply.BadExpression bad) {
      throw new ErlangSyntaxException(node, expression, bad.message());
    } else if (reply instanceof Reply.NodeGone gone) {
      throw new ErlangNodeExitedException(node, gone.detail(), log.excerpt());
    } else {
      Reply.Unreadable unreadable = (Reply.Unreadable) reply;
      throw new ErlangTestKitException(
          "cannot read the answer of "
              + node
              + " to `"
              + expression
              + "`: "
              + unreadable.problem());
    }
  }

  /**
   * How to start a node. Each {@link #start()} starts a new node with a new name, and a new random
   * cookie unless one was given; the builder may be reused.
   */
  public static final class Builder {
    private String namePrefix = "peerl_test";
    private String exactName = "";
    private String longNameHost = "";
    private String cookie = "";
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> codePaths = new ArrayList<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration evalTimeout = DEFAULT_EVAL_TIMEOUT;

    private Builder() {}

    /** The short node name starts with this, followed by {@code _} and random characters. */
    public Builder namePrefix(String prefix) {
      if (!prefix.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain lowercase node name prefix: " + prefix);
      }
      this.namePrefix = prefix;
      return this;
    }

    /**
     * The exact short node name, instead of a prefix and random characters: to start a node again
     * under the name of one that has stopped (a new incarnation, with a new creation), e.g. {@code
     * shortName(old.nodeName().substring(0, old.nodeName().indexOf('@')))}. Only one running node
     * may hold a name: EPMD refuses the second.
     */
    public Builder shortName(String name) {
      if (!name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("not a plain short node name: " + name);
      }
      this.exactName = name;
      return this;
    }

    /**
     * A long node name on {@code host} ({@code erl -name name@host}) instead of a short one: {@code
     * host} is a fully qualified host name or an IP address, such as {@code 127.0.0.1}. Such a node
     * talks only to nodes with long names.
     */
    public Builder longName(String host) {
      if (!host.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("not a host for a long node name: " + host);
      }
      this.longNameHost = host;
      return this;
    }

    /** The cookie, instead of a random one per node. */
    public Builder cookie(String cookie) {
      if (cookie.isEmpty()) {
        throw new IllegalArgumentException("an empty cookie");
      }
      this.cookie = cookie;
      return this;
    }

    /**
     * Extra command-line words for {@code erl}, e.g. {@code args("-kernel", "net_ticktime", "10")}.
     */
    public Builder args(String... words) {
      for (String word : words) {
        args.add(Objects.requireNonNull(word, "an erl argument is null"));
      }
      return this;
    }

    /** An environment variable of the {@code erl} process, e.g. {@code ERL_EPMD_PORT}. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * A directory of {@code .beam} files to add to the code path, as from {@link ErlangCompiler}.
     */
    public Builder codePath(Path directory) {
      codePaths.add(directory);
      return this;
    }

    /** How long the node may take to answer its first request. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** The timeout of {@link ErlangTestNode#eval(String)} without one. */
    public Builder evalTimeout(Duration timeout) {
      this.evalTimeout = timeout;
      return this;
    }

    /**
     * Starts the node and waits until it answers.
     *
     * @throws ErlangNotFoundException when there is no {@code erl} to start
     * @throws ErlangTimeoutException when the node did not answer within the start timeout
     * @throws ErlangNodeExitedException when the node stopped while starting
     */
    public ErlangTestNode start() {
      Path erl = ErlangExecutables.erl();
      String shortName =
          exactName.isEmpty()
              ? namePrefix + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36)
              : exactName;
      String nodeCookie = cookie.isEmpty() ? randomCookie() : cookie;
      Process process = launch(command(erl, shortName, nodeCookie), erl);
      OutputLog log = new OutputLog();
      NodeChannel channel = NodeChannel.attach(shortName, process, log);
      try {
        Tuple identity =
            (Tuple)
                evaluate(
                    channel,
                    log,
                    shortName,
                    "{node(), list_to_integer(os:getpid())}",
                    Map.of(),
                    startTimeout);
        String nodeName = ((Atom) identity.get(0)).name();
        long osPid = ((Int) identity.get(1)).value();
        return new ErlangTestNode(process, channel, log, nodeName, nodeCookie, osPid, evalTimeout);
      } catch (RuntimeException e) {
        LiveNodes.kill(process);
        LiveNodes.remove(process);
        throw e;
      }
    }

    private List<String> command(Path erl, String shortName, String nodeCookie) {
      List<String> command = new ArrayList<>();
      command.add(erl.toString());
      if (longNameHost.isEmpty()) {
        command.addAll(List.of("-sname", shortName));
      } else {
        command.addAll(List.of("-name", shortName + "@" + longNameHost));
      }
      command.addAll(List.of("-setcookie", nodeCookie, "-noshell"));
      command.add("-pa");
      command.add(KitModule.codePath().toString());
      codePaths.forEach(path -> command.add(path.toAbsolutePath().toString()));
      // Before the caller's words: a caller's -extra would turn everything after it into plain
      // arguments, and the kit's main/0 returns at once, so a caller's -s or -eval still runs.
      command.addAll(List.of("-s", "peerl_testkit", "main"));
      command.addAll(args);
      return command;
    }

    private Process launch(List<String> command, Path erl) {
      ProcessBuilder builder = new ProcessBuilder(command);
      // A crashing test node should not leave erl_crash.dump files in the module directory.
      builder.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
      builder.environment().putAll(env);
      try {
        Process process = builder.start();
        LiveNodes.add(process);
        return process;
      } catch (IOException e) {
        throw new ErlangNotFoundException("cannot start " + erl + ": " + e.getMessage(), e);
      }
    }

    private static String randomCookie() {
      StringBuilder cookie = new StringBuilder(20);
      for (int i = 0; i < 20; i++) {
        cookie.append((char) ('A' + RANDOM.nextInt(26)));
      }
      return cookie.toString();
    }
  }
}
