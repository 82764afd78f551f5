package dev.peerl.runtime.node;

import dev.peerl.testkit.ErlangNodeExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link JavaNode} for a test class, beside the erl node of an {@link ErlangNodeExtension} (same
 * host and cookie): started before the class's first test, stopped after its last. Register it
 * after the erl node's extension:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final ErlangNodeExtension erlang = ...;
 * @RegisterExtension @Order(2) static final JavaNodeExtension java = JavaNodeExtension.beside(erlang, COOKIE);
 * }</pre>
 */
final class JavaNodeExtension implements BeforeAllCallback, AfterAllCallback {
  private final ErlangNodeExtension erlang;
  private final String cookie;
  private JavaNode node;

  private JavaNodeExtension(ErlangNodeExtension erlang, String cookie) {
    this.erlang = erlang;
    this.cookie = cookie;
  }

  static JavaNodeExtension beside(ErlangNodeExtension erlang, String cookie) {
    return new JavaNodeExtension(erlang, cookie);
  }

  /** The running Java node. */
  JavaNode get() {
    if (node == null) {
      throw new IllegalStateException("the Java node starts before the test class's first test");
    }
    return node;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    node = JavaNode.start(JavaNode.hostOf(erlang.node().nodeName()), cookie, "");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.close();
      node = null;
    }
  }
}
