package dev.peerl.testkit;

import java.nio.file.Path;
import java.util.List;

/** {@code erlc} refused the sources; the message carries its output. */
public final class ErlangCompileException extends ErlangTestKitException {
  private final String output;

  ErlangCompileException(List<Path> sources, String problem, String output) {
    super("cannot compile " + sources + ": " + problem + "\n" + output);
    this.output = output;
  }

  /** What {@code erlc} printed, errors and warnings. */
  public String output() {
    return output;
  }
}
