package dev.peerl.runtime.dispatch;

import com.typesafe.config.Config;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * Makes a dispatcher run on a {@link HandOffExecutor}: {@code executor =
 * "dev.peerl.runtime.dispatch.HandOffExecutorConfigurator"} in a dispatcher's configuration, with
 * its settings in {@code hand-off-executor}:
 *
 * <pre>
 * hand-off-executor {
 *   parallelism-min = 2      # threads: cores x factor, within min and max, as fork-join-executor
 *   parallelism-factor = 1.0
 *   parallelism-max = 64
 *   steal-after = 1ms        # how long a task handed off behind a busy one waits at most
 * }
 * </pre>
 */
public final class HandOffExecutorConfigurator extends ExecutorServiceConfigurator {
  private final int parallelism;
  private final long stealAfterNanos;

  public HandOffExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    Config settings = config.getConfig("hand-off-executor");
    int cores = Runtime.getRuntime().availableProcessors();
    int scaled = (int) Math.ceil(cores * settings.getDouble("parallelism-factor"));
    this.parallelism =
        Math.min(
            Math.max(scaled, settings.getInt("parallelism-min")),
            settings.getInt("parallelism-max"));
    this.stealAfterNanos = settings.getDuration("steal-after").toNanos();
    if (parallelism < 1 || stealAfterNanos <= 0) {
      throw new IllegalArgumentException(
          "hand-off-executor needs parallelism >= 1 and a positive steal-after, got "
              + parallelism
              + " and "
              + settings.getDuration("steal-after"));
    }
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threads) {
    // Threads named as Pekko's fork-join-executor names them: <system>-<dispatcher id>-<n>.
    ThreadFactory named =
        threads instanceof MonitorableThreadFactory monitorable
            ? monitorable.withName(monitorable.name() + "-" + id)
            : threads;
    if (!(named instanceof ForkJoinPool.ForkJoinWorkerThreadFactory workers)) {
      throw new IllegalStateException(
          "dispatcher " + id + ": the thread factory makes no fork-join workers: " + threads);
    }
    String name =
        named instanceof MonitorableThreadFactory monitorable ? monitorable.name() : "peerl-" + id;
    return () -> new HandOffExecutor(parallelism, workers, stealAfterNanos, name);
  }
}
