package dev.peerl.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code erl} and {@code erlc} are. A configured path wins over the {@code PATH} so that the
 * suite can run against another OTP release (a wrapper script around an OTP 27 {@code erl}, say)
 * without touching the machine's default.
 */
public final class ErlangExecutables {
  /** System property naming the {@code erl} executable. */
  public static final String ERL_PROPERTY = "peerl.erl";

  /** Environment variable naming the {@code erl} executable, read when the property is unset. */
  public static final String ERL_ENV = "PEERL_ERL";

  /** System property naming the {@code erlc} executable. */
  public static final String ERLC_PROPERTY = "peerl.erlc";

  /** Environment variable naming the {@code erlc} executable, read when the property is unset. */
  public static final String ERLC_ENV = "PEERL_ERLC";

  private ErlangExecutables() {}

  /**
   * The {@code erl} to start: {@value #ERL_PROPERTY}, else {@value #ERL_ENV}, else {@code erl} on
   * the {@code PATH}.
   *
   * @throws ErlangNotFoundException when none of them names an executable file
   */
  public static Path erl() {
    return configured(ERL_PROPERTY, ERL_ENV)
        .map(path -> requireExecutable(path, "erl"))
        .or(() -> onPath("erl"))
        .orElseThrow(() -> new ErlangNotFoundException("no erl executable on the PATH"));
  }

  /**
   * The {@code erlc} to compile with: {@value #ERLC_PROPERTY}, else {@value #ERLC_ENV}, else the
   * {@code erlc} beside {@link #erl()} (so both come from the same OTP release; beside a wrapper
   * named {@code erl27} that is {@code erlc27}), else {@code erlc} on the {@code PATH}.
   *
   * @throws ErlangNotFoundException when none of them names an executable file
   */
  public static Path erlc() {
    return configured(ERLC_PROPERTY, ERLC_ENV)
        .map(path -> requireExecutable(path, "erlc"))
        .or(ErlangExecutables::besideErl)
        .or(() -> onPath("erlc"))
        .orElseThrow(() -> new ErlangNotFoundException("no erlc executable on the PATH"));
  }

  private static Optional<Path> configured(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  private static Path requireExecutable(Path path, String tool) {
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new ErlangNotFoundException(
          "the configured " + tool + " " + path + " is not an executable file");
    }
    return path;
  }

  private static Optional<Path> besideErl() {
    Path erl = erl();
    String name = erl.getFileName().toString();
    // erl -> erlc; a wrapper's erl27 -> erlc27, erl-otp27 -> erlc-otp27.
    String matching = name.startsWith("erl") ? "erlc" + name.substring(3) : "erlc";
    for (String candidate : List.of(matching, "erlc")) {
      Path sibling = erl.resolveSibling(candidate);
      if (isExecutable(sibling)) {
        return Optional.of(sibling);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, tool);
        if (isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isExecutable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
