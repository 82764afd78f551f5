package dev.peerl.samples.bench.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of the benchmark's Java nodes as an OS process of its own: its standard output is read line
 * by line (and kept in {@code <label>.out}), its standard error goes to {@code <label>.err}, and
 * closing its standard input tells it to exit.
 */
final class ChildProcess implements AutoCloseable {
  private static final String EXITED = "\u0000exited";

  private final String label;
  private final Process process;
  private final Path logDirectory;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildProcess(String label, Process process, Path logDirectory) {
    this.label = label;
    this.process = process;
    this.logDirectory = logDirectory;
  }

  /** Starts {@code command}; does not wait for anything. */
  static ChildProcess start(String label, List<String> command, Path logDirectory) {
    try {
      Files.createDirectories(logDirectory);
      Process process =
          new ProcessBuilder(command)
              .redirectError(Redirect.to(logDirectory.resolve(label + ".err").toFile()))
              .start();
      ChildProcess child = new ChildProcess(label, process, logDirectory);
      Thread reader = new Thread(child::readOutput, label + "-stdout");
      reader.setDaemon(true);
      reader.start();
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label + ": " + command, e);
    }
  }

  /**
   * Waits for an output line that {@code match} accepts and returns the lines up to it, that one
   * included.
   *
   * @throws IllegalStateException when the process exits first or the timeout passes
   */
  List<String> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException(label + " printed no expected line within " + timeout);
      }
      if (line.equals(EXITED)) {
        throw new IllegalStateException(
            label + " exited (status " + exitStatus() + "); see " + errorLog());
      }
      seen.add(line);
      if (match.test(line)) {
        return seen;
      }
    }
  }

  /** Waits for the {@code ready} line that the benchmark's nodes print once reachable. */
  ChildProcess awaitReady(Duration timeout) throws InterruptedException {
    awaitLine("ready"::equals, timeout);
    return this;
  }

  long pid() {
    return process.pid();
  }

  String label() {
    return label;
  }

  Path errorLog() {
    return logDirectory.resolve(label + ".err");
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the process is on its way out.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String exitStatus() {
    return Optional.of(process)
        .filter(p -> !p.isAlive())
        .map(p -> Integer.toString(p.exitValue()))
        .orElse("running");
  }

  private void readOutput() {
    Path out = logDirectory.resolve(label + ".out");
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        log.println(line);
        log.flush();
        lines.add(line);
      }
    } catch (IOException e) {
      // The pipe broke: the process is gone, which the marker below reports.
    } finally {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lines.add(EXITED);
    }
  }
}
