package dev.peerl.epmd;

/** What happens to a live {@link Registration} after it was first made. */
public sealed interface RegistrationEvent {

  /** EPMD closed the connection (or it broke): other nodes cannot find us until it is restored. */
  record Lost(String name, String reason) implements RegistrationEvent {}

  /** Registered again after a loss; the creation is usually a new one. */
  record Restored(String name, long creation) implements RegistrationEvent {}
}
