package dev.peerl.testkit;

import java.nio.file.Path;

/**
 * The compiled {@code peerl_testkit} module that every test node runs. Compiled from the classpath,
 * as other modules' tests see it in codec's test-jar, once per JVM.
 */
final class KitModule {
  static final String NAME = "peerl_testkit";

  private static Path codePath;

  private KitModule() {}

  static synchronized Path codePath() {
    if (codePath == null) {
      codePath = ErlangCompiler.compileResources(NAME);
    }
    return codePath;
  }
}
