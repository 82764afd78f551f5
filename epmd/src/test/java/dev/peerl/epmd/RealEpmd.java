package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * OTP's own {@code epmd}: a private daemon in the foreground on a free port (killed by {@link
 * #close()}), and the {@code epmd -names} command-line client.
 */
final class RealEpmd implements AutoCloseable {
  private final Process process;
  private final int port;

  private RealEpmd(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code epmd -port P} on a free port and waits until it accepts connections. */
  static RealEpmd start() {
    return start(freePort());
  }

  static RealEpmd start(int port) {
    try {
      Process process =
          new ProcessBuilder("epmd", "-port", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      awaitTrue(Duration.ofSeconds(10), () -> accepts(port), "epmd listening on " + port);
      return new RealEpmd(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start epmd (apt-get install erlang-base)", e);
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "epmd did not exit");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What {@code epmd -port P -names} prints. */
  static String names(int port) {
    return run(List.of("epmd", "-port", Integer.toString(port), "-names"));
  }

  static String run(List<String> command) {
    try {
      Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!client.waitFor(10, TimeUnit.SECONDS)) {
        client.destroyForcibly();
        fail(command + " did not finish");
      }
      return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code condition} until it holds, failing after {@code deadline}. */
  static void awaitTrue(Duration deadline, BooleanSupplier condition, String what) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out after " + deadline + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}
