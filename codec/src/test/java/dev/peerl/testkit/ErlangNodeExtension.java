package dev.peerl.testkit;

import dev.peerl.codec.Term;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One real Erlang node for a test class: started before the first test, stopped after the last,
 * whatever the tests did. When a test fails, the node's recent output goes to {@code System.err}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ErlangNodeExtension erlang =
 *     ErlangNodeExtension.of(ErlangTestNode.builder().args("-hidden"));
 *
 * @Test
 * void addsOnTheNode() {
 *   assertEquals(Int.of(3), erlang.eval("1 + 2"));
 * }
 * }</pre>
 *
 * <p>Test methods may also take an {@link ErlangTestNode} parameter. Registered on an instance
 * field instead of a static one, the extension starts a node per test (and reports the output of a
 * failing test's node all the same).
 */
public final class ErlangNodeExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestWatcher,
        ParameterResolver {
  private final ErlangTestNode.Builder builder;
  private volatile ErlangTestNode node;
  private volatile boolean perTest;
  // The node a test had, stopped in afterEach: JUnit calls testFailed only after afterEach, and the
  // report of a failed test still wants that node's output.
  private volatile ErlangTestNode stoppedAfterTest;

  private ErlangNodeExtension(ErlangTestNode.Builder builder) {
    this.builder = builder;
  }

  /** A node with a random name and cookie. */
  public static ErlangNodeExtension create() {
    return of(ErlangTestNode.builder());
  }

  /** Nodes as this builder starts them; do not change the builder afterwards. */
  public static ErlangNodeExtension of(ErlangTestNode.Builder builder) {
    return new ErlangNodeExtension(builder);
  }

  /**
   * The running node.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public ErlangTestNode node() {
    ErlangTestNode current = node;
    if (current == null) {
      throw new IllegalStateException("the Erlang node runs only while the tests run");
    }
    return current;
  }

  /** {@link ErlangTestNode#eval(String)} on the running node. */
  public Term eval(String expression) {
    return node().eval(expression);
  }

  /**
   * {@link ErlangTestNode#eval(String, Map)} on the running node: the expression with these
   * variables bound, e.g. {@code eval("Pid ! hello, ok", Map.of("Pid", pid))}.
   */
  public Term eval(String expression, Map<String, ? extends Term> bindings) {
    return node().eval(expression, bindings);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    node = builder.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // Only an extension on an instance field misses beforeAll, and gets a node per test.
    if (node == null) {
      perTest = true;
      stoppedAfterTest = null;
      node = builder.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stoppedAfterTest = node;
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    ErlangTestNode current = node != null ? node : stoppedAfterTest;
    if (current != null) {
      System.err.println(
          "--- output of Erlang node "
              + current.nodeName()
              + " when "
              + context.getDisplayName()
              + " failed ---\n"
              + current.recentOutput()
              + "\n--- end of output of "
              + current.nodeName()
              + " ---");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ErlangTestNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return node();
  }

  private void stop() {
    ErlangTestNode current = node;
    node = null;
    if (current != null) {
      current.close();
    }
  }
}
