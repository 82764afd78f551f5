package dev.peerl.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs Elixir code as a distributed node, {@code elixir --sname <name> --cookie <cookie> -e
 * <code>}, for interop tests: Elixir's own {@code GenServer.call} and {@code send} against Java.
 * Needs {@code elixir} on the PATH (Debian's {@code elixir}, which {@code scripts/test.sh}
 * installs); runs on the machine's OTP.
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
   * Runs {@code code} on a fresh node {@code elixir_<n>@host} with {@code cookie}; waits for it to
   * end (at most {@code timeout}, then kills it and fails).
   */
  public static Result run(String cookie, String code, Duration timeout) throws Exception {
    String name = "elixir_" + NAMES.incrementAndGet();
    Path out = Files.createTempFile("peerl-elixir", ".out");
    Path err = Files.createTempFile("peerl-elixir", ".err");
    try {
      Process process;
      try {
        process =
            new ProcessBuilder("elixir", "--sname", name, "--cookie", cookie, "-e", code)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot run elixir (install it: apt-get install -y elixir): " + e.getMessage(), e);
      }
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(
            "elixir did not finish within "
                + timeout
                + "; output so far:\n"
                + read(out)
                + read(err));
      }
      return new Result(process.exitValue(), read(out), read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
