package dev.peerl.epmd;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's registration with EPMD, alive as long as its TCP connection. When EPMD goes away the
 * registration is reported {@link RegistrationEvent.Lost lost} and attempted again with a backoff
 * (doubling from {@link EpmdSettings#reregisterMinBackoff()} to {@link
 * EpmdSettings#reregisterMaxBackoff()}) until it succeeds, {@link RegistrationEvent.Restored
 * restored} with a new creation, or {@link #close()} is called.
 */
public final class Registration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  private final ActorSystem<?> system;
  private final EpmdSettings settings;
  private final NodeInfo node;
  private final List<Consumer<RegistrationEvent>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Done> closed = new CompletableFuture<>();

  // Guarded by this.
  private AliveConnection connection;
  private long creation;
  private boolean registered;
  private Duration backoff;
  private Cancellable retry;
  private boolean closing;

  private Registration(
      ActorSystem<?> system, EpmdSettings settings, NodeInfo node, AliveConnection connection) {
    this.system = system;
    this.settings = settings;
    this.node = node;
    this.connection = connection;
    this.backoff = settings.reregisterMinBackoff();
  }

  static CompletionStage<Registration> start(
      ActorSystem<?> system, EpmdSettings settings, NodeInfo node) {
    AliveConnection first = AliveConnection.open(system, settings, node);
    return first
        .creation()
        .thenApply(
            creation -> {
              Registration registration = new Registration(system, settings, node, first);
              registration.onRegistered(first, creation, false);
              return registration;
            });
  }

  /** What was registered. */
  public NodeInfo node() {
    return node;
  }

  /**
   * The creation EPMD assigned to the current registration: OTP's epmd gives a new name the current
   * Unix time plus one and each re-registration of a name the previous creation plus one, so it
   * changes after {@link RegistrationEvent.Restored}.
   */
  public synchronized long creation() {
    return creation;
  }

  /** Whether EPMD currently holds the registration. */
  public synchronized boolean isRegistered() {
    return registered;
  }

  /**
   * Calls {@code listener} on every later loss and restoration, on a Pekko thread; it must not
   * block.
   */
  public void subscribe(Consumer<RegistrationEvent> listener) {
    listeners.add(listener);
  }

  /**
   * Releases the registration without waiting: EPMD forgets the name once the connection is closed.
   * Idempotent.
   */
  @Override
  public void close() {
    closeAsync();
  }

  /** {@link #close()}, with the stage that completes once the connection is gone. */
  public CompletionStage<Done> closeAsync() {
    AliveConnection current;
    synchronized (this) {
      if (closing) {
        return closed;
      }
      closing = true;
      registered = false;
      if (retry != null) {
        retry.cancel();
      }
      current = connection;
    }
    current.close();
    current.ended().whenComplete((reason, failure) -> closed.complete(Done.getInstance()));
    return closed;
  }

  private void onRegistered(AliveConnection alive, long newCreation, boolean restored) {
    synchronized (this) {
      if (closing) {
        alive.close();
        return;
      }
      connection = alive;
      creation = newCreation;
      registered = true;
      backoff = settings.reregisterMinBackoff();
    }
    alive.ended().thenAccept(reason -> onLost(alive, reason));
    if (restored) {
      LOG.info("registered {} with EPMD again, creation {}", node.name(), newCreation);
      publish(new RegistrationEvent.Restored(node.name(), newCreation));
    } else {
      LOG.debug("registered {} with EPMD, creation {}", node.name(), newCreation);
    }
  }

  private void onLost(AliveConnection alive, String reason) {
    synchronized (this) {
      if (closing || alive != connection) {
        return;
      }
      registered = false;
    }
    LOG.warn("EPMD registration of {} lost ({}); registering again", node.name(), reason);
    publish(new RegistrationEvent.Lost(node.name(), reason));
    scheduleAttempt();
  }

  private void scheduleAttempt() {
    synchronized (this) {
      if (closing) {
        return;
      }
      Duration wait = backoff;
      Duration doubled = backoff.multipliedBy(2);
      backoff =
          doubled.compareTo(settings.reregisterMaxBackoff()) > 0
              ? settings.reregisterMaxBackoff()
              : doubled;
      retry = system.scheduler().scheduleOnce(wait, this::attempt, system.executionContext());
    }
  }

  private void attempt() {
    synchronized (this) {
      if (closing) {
        return;
      }
    }
    AliveConnection alive = AliveConnection.open(system, settings, node);
    alive
        .creation()
        .whenComplete(
            (newCreation, failure) -> {
              if (failure == null) {
                onRegistered(alive, newCreation, true);
              } else {
                LOG.debug("registering {} with EPMD again failed: {}", node.name(), failure);
                scheduleAttempt();
              }
            });
  }

  private void publish(RegistrationEvent event) {
    for (Consumer<RegistrationEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("registration listener failed on {}", event, e);
      }
    }
  }

  @Override
  public String toString() {
    return "Registration[" + node.name() + ", creation " + creation() + "]";
  }
}
