package dev.peerl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What the extension promises when a test fails: the node's OS process is gone afterwards, and the
 * node's output is on {@code System.err}. The failing tests are the nested classes below, run here
 * through JUnit's {@link EngineTestKit}; Surefire leaves nested classes out of its own run.
 */
class ErlangNodeExtensionTest {
  private static final String MARKER = "peerl-extension-test-marker";
  private static final Map<Class<?>, Long> OS_PIDS = new ConcurrentHashMap<>();

  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.create();

  /** Fails on purpose, with one node for the class. */
  static class FailingWithANodeForTheClass {
    @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.create();

    @Test
    void failsAfterTheNodePrinted() {
      OS_PIDS.put(getClass(), erlang.node().osPid());
      erlang.eval("io:format(\"" + MARKER + "~n\")");
      fail("failing on purpose");
    }
  }

  /** Fails on purpose, with a node per test (the extension on an instance field). */
  static class FailingWithANodePerTest {
    @RegisterExtension final ErlangNodeExtension erlang = ErlangNodeExtension.create();

    @Test
    void failsAfterTheNodePrinted() {
      OS_PIDS.put(getClass(), erlang.node().osPid());
      erlang.eval("io:format(\"" + MARKER + "~n\")");
      fail("failing on purpose");
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {FailingWithANodeForTheClass.class, FailingWithANodePerTest.class})
  void stopsTheNodeOfAFailingTestAndPrintsItsOutput(Class<?> failing) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    EngineExecutionResults results = runCapturingErr(failing, err);

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    long osPid = OS_PIDS.get(failing);
    Optional<ProcessHandle> handle = ProcessHandle.of(osPid);
    if (handle.isPresent()) {
      handle.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertFalse(ProcessHandle.of(osPid).map(ProcessHandle::isAlive).orElse(false));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("--- output of Erlang node "), printed);
    assertTrue(printed.contains(MARKER), printed);
  }

  private static EngineExecutionResults runCapturingErr(Class<?> tests, ByteArrayOutputStream err) {
    PrintStream previous = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(tests)).execute();
    } finally {
      System.setErr(previous);
    }
  }

  @Test
  void evaluatesWithVariablesBoundToTerms() {
    Term reply = erlang.eval("element(2, T)", Map.of("T", Tuple.of(Atom.OK, Int.of(42))));
    assertEquals(Int.of(42), reply);
  }
}
