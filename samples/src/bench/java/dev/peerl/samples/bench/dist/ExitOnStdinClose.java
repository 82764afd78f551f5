package dev.peerl.samples.bench.dist;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ties a benchmark node's life to its parent's: the node exits when its standard input closes, so
 * an orchestrator that dies, even by {@code kill -9}, leaves no node behind (as the test kit's erl
 * nodes do).
 */
final class ExitOnStdinClose {
  private ExitOnStdinClose() {}

  /** Blocks until standard input is closed, then exits the JVM with status 0. */
  static void await() {
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // The orchestrator writes nothing; anything written is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone too.
    }
    System.exit(0);
  }
}
