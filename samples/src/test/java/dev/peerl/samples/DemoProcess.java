package dev.peerl.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The demo jar running in a JVM of its own, {@code java -jar peerl-demo.jar ARGS}, as a user starts
 * it: its standard output read line by line, its standard error kept in a file for the failure
 * messages. {@link #close()} kills it (and anything it started); a shutdown hook kills those still
 * running when the test JVM exits, so a failing test leaves no demo behind.
 */
final class DemoProcess implements AutoCloseable {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(DemoProcess::kill), "peerl-demo-jar-reaper"));
  }

  private final Process process;
  private final Path stderr;
  private final List<String> stdout = new ArrayList<>();
  private boolean stdoutEnded;

  private DemoProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::readStdout, "peerl-demo-jar-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar jar args...} with the java that runs this test. */
  static DemoProcess start(Path jar, String... args) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " does not exist: the demo jar is built in the package phase; run this test"
              + " with mvn verify (samples/pom.xml runs it in the integration-test phase)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("peerl-demo-jar", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    RUNNING.add(process);
    return new DemoProcess(process, stderr);
  }

  private void readStdout() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (stdout) {
          stdout.add(line);
          stdout.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process was killed: its output ends here.
    } finally {
      synchronized (stdout) {
        stdoutEnded = true;
        stdout.notifyAll();
      }
    }
  }

  /**
   * Waits until the demo printed the line {@code line}; returns every line printed so far.
   *
   * @throws AssertionError if it exits or {@code timeout} passes first, with what it printed
   */
  List<String> awaitLine(String line, Duration timeout) throws InterruptedException {
    return awaitLine(line::equals, "the line " + line, timeout);
  }

  /**
   * Waits until the demo printed a line that {@code matches} ({@code what}, for the failure
   * message); returns every line printed so far.
   *
   * @throws AssertionError if it exits or {@code timeout} passes first, with what it printed
   */
  List<String> awaitLine(Predicate<String> matches, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stdout) {
      while (stdout.stream().noneMatch(matches)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || stdoutEnded) {
          throw new AssertionError(
              "the demo did not print " + what + " within " + timeout + "\n" + output());
        }
        TimeUnit.NANOSECONDS.timedWait(stdout, left);
      }
      return List.copyOf(stdout);
    }
  }

  /**
   * Waits for the demo to exit; its exit status.
   *
   * @throws AssertionError if it still runs after {@code timeout}, with what it printed
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the demo still runs after " + timeout + "\n" + output());
    }
    return process.exitValue();
  }

  /** Asks the JVM to stop as {@code kill} (SIGTERM) does: its shutdown hooks run. */
  void terminate() {
    process.destroy();
  }

  /** The lines it printed on standard output so far. */
  List<String> stdout() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  /** What it printed on standard error so far. */
  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e.getMessage() + ")";
    }
  }

  /** Both of its outputs, for failure messages. */
  String output() {
    synchronized (stdout) {
      return "--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderr();
    }
  }

  @Override
  public void close() throws IOException {
    kill(process);
    RUNNING.remove(process);
    Files.deleteIfExists(stderr);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
