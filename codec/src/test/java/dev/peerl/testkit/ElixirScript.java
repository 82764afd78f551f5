package dev.peerl.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs Elixir code as a distributed node for interop tests: {@code elixir --sname <name> --cookie
 * <cookie> -e <code>} or a script file with its arguments, so that Elixir's own {@code
 * GenServer.call}, {@code Node.ping} and {@code send} meet a Java node. Each run is a fresh node
 * {@code elixir_<n>@host} (the short host name, as {@code erl -sname}).
 *
 * <pre>{@code
 * ElixirScript.Result result =
 *     ElixirScript.run(cookie, "IO.puts(Node.ping(:\"java@host\"))", Duration.ofSeconds(30));
 * assertEquals(List.of("pong"), result.lines(), result::toString);
 * }</pre>
 *
 * Needs {@code elixir} on the PATH (Debian's {@code elixir}, which {@code scripts/test.sh}
 * installs); it runs on the machine's OTP, whatever {@code peerl.erl} says. A script still running
 * after its timeout is killed (and so is one the JVM leaves behind when it exits).
 */
public final class ElixirScript {
  private static final AtomicLong NAMES = new AtomicLong(System.nanoTime() % 1_000_000);

  /** What the script printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** The standard output's lines, trimmed. */
    public List<String> lines() {
      return stdout.strip().lines().map(String::strip).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private ElixirScript() {}

  /**
   * Runs {@code code} ({@code elixir -e}) on a fresh node with {@code cookie}; waits for it to end.
   *
   * @throws ErlangTimeoutException if it runs longer than {@code timeout} (it is killed)
   * @throws ErlangTestKitException if there is no {@code elixir} to run
   */
  public static Result run(String cookie, String code, Duration timeout) {
    return elixir(cookie, List.of("-e", code), timeout);
  }

  /**
   * Runs the script {@code file} with {@code args} ({@code System.argv()}) on a fresh node with
   * {@code cookie}; waits for it to end.
   *
   * @throws ErlangTimeoutException if it runs longer than {@code timeout} (it is killed)
   * @throws ErlangTestKitException if there is no {@code elixir} to run
   */
  public static Result runFile(String cookie, Path file, List<String> args, Duration timeout) {
    List<String> words = new ArrayList<>();
    words.add(file.toString());
    words.addAll(args);
    return elixir(cookie, words, timeout);
  }

  private static Result elixir(String cookie, List<String> words, Duration timeout) {
    List<String> command =
        new ArrayList<>(
            List.of("elixir", "--sname", "elixir_" + NAMES.incrementAndGet(), "--cookie", cookie));
    command.addAll(words);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("peerl-elixir", ".out");
      err = Files.createTempFile("peerl-elixir", ".err");
      Process process = start(command, out, err);
      LiveNodes.add(process);
      try {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          LiveNodes.kill(process);
          throw new ErlangTimeoutException(
              "elixir did not finish", timeout, "; it printed:\n" + read(out) + read(err));
        }
        return new Result(process.exitValue(), read(out), read(err));
      } finally {
        LiveNodes.kill(process);
        LiveNodes.remove(process);
      }
    } catch (IOException e) {
      throw new ErlangTestKitException("cannot run elixir: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErlangTestKitException("interrupted while elixir ran", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static Process start(List<String> command, Path out, Path err) {
    try {
      return new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
    } catch (IOException e) {
      throw new ErlangTestKitException(
          "cannot run elixir (install it: apt-get install -y elixir): " + e.getMessage(), e);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A temporary file left in /tmp is no reason to fail a test.
      }
    }
  }
}
