package dev.peerl.bridge.stream;

import dev.peerl.codec.Atom;
import java.util.Objects;
import java.util.Optional;

/**
 * How a mailbox {@link ErlangSource} buffers and what its process is: immutable, built with {@link
 * #of(int, MailboxOverflow)} and the {@code with...} methods.
 */
public final class MailboxSettings {
  private final int bufferSize;
  private final MailboxOverflow overflow;
  private final Optional<Atom> name;
  private final boolean trapExits;

  private MailboxSettings(
      int bufferSize, MailboxOverflow overflow, Optional<Atom> name, boolean trapExits) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be at least 1, got " + bufferSize);
    }
    this.bufferSize = bufferSize;
    this.overflow = Objects.requireNonNull(overflow, "overflow");
    this.name = name;
    this.trapExits = trapExits;
  }

  /**
   * A mailbox that holds up to {@code bufferSize} messages the stream has not taken yet, and
   * applies {@code overflow} to the next one.
   */
  public static MailboxSettings of(int bufferSize, MailboxOverflow overflow) {
    return new MailboxSettings(bufferSize, overflow, Optional.empty(), false);
  }

  /** The process is registered as {@code name} while it lives. */
  public MailboxSettings withName(Atom name) {
    return new MailboxSettings(
        bufferSize, overflow, Optional.of(Objects.requireNonNull(name, "name")), trapExits);
  }

  /** As {@link #withName(Atom)}. */
  public MailboxSettings withName(String name) {
    return withName(Atom.of(name));
  }

  /**
   * With {@code true}, exit signals are emitted as {@code {'EXIT', From, Reason}} instead of ending
   * the stream (Erlang's {@code trap_exit}). By default a signal with a reason other than {@code
   * normal} fails the stream and stops the process with that reason, as it kills a process that
   * does not trap exits.
   */
  public MailboxSettings withTrapExits(boolean trapExits) {
    return new MailboxSettings(bufferSize, overflow, name, trapExits);
  }

  public int bufferSize() {
    return bufferSize;
  }

  public MailboxOverflow overflow() {
    return overflow;
  }

  public Optional<Atom> name() {
    return name;
  }

  public boolean trapExits() {
    return trapExits;
  }

  @Override
  public String toString() {
    return "MailboxSettings(bufferSize="
        + bufferSize
        + ", overflow="
        + overflow
        + ", name="
        + name.map(Atom::name).orElse("none")
        + ", trapExits="
        + trapExits
        + ")";
  }
}
