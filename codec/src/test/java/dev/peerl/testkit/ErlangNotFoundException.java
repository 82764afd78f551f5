package dev.peerl.testkit;

/**
 * No usable {@code erl} or {@code erlc}. Interop tests must not pass silently without Erlang, so
 * this fails the test and says how to install it.
 */
public final class ErlangNotFoundException extends ErlangTestKitException {
  static final String INSTALL_HINT =
      "Install Erlang/OTP with `apt-get install -y erlang-base`, or point the system property "
          + ErlangExecutables.ERL_PROPERTY
          + " (or the environment variable "
          + ErlangExecutables.ERL_ENV
          + ") at an erl executable.";

  ErlangNotFoundException(String problem) {
    super(problem + ". " + INSTALL_HINT);
  }

  ErlangNotFoundException(String problem, Throwable cause) {
    super(problem + ". " + INSTALL_HINT, cause);
  }
}
