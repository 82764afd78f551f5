package dev.peerl.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code erl} process the kit started and has not yet stopped. A shutdown hook kills them,
 * for a JVM that ends without closing its nodes. (A JVM killed with SIGKILL runs no hook; then the
 * node halts itself when its stdin reaches end of file.)
 */
final class LiveNodes {
  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LiveNodes::killAll, "peerl-erl-reaper"));
  }

  private LiveNodes() {}

  static void add(Process process) {
    PROCESSES.add(process);
  }

  static void remove(Process process) {
    PROCESSES.remove(process);
  }

  /**
   * Kills the process and everything under it: when {@code erl} is a wrapper script the VM is its
   * child, not the process itself.
   */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void killAll() {
    PROCESSES.forEach(LiveNodes::kill);
  }
}
