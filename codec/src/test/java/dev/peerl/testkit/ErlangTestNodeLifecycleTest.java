package dev.peerl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting and stopping real nodes. */
class ErlangTestNodeLifecycleTest {

  @Test
  void startsEveryNodeWithItsOwnNameAndCookie() {
    try (ErlangTestNode first = ErlangTestNode.start();
        ErlangTestNode second = ErlangTestNode.start()) {
      assertNotEquals(first.nodeName(), second.nodeName());
      assertNotEquals(first.cookie(), second.cookie());
      assertNotEquals(first.osPid(), second.osPid());
    }
  }

  @Test
  void usesTheGivenCookieArgumentsAndEnvironment() {
    try (ErlangTestNode node =
        ErlangTestNode.builder()
            .cookie("peerl_cookie")
            .args("-kernel", "net_ticktime", "10")
            .env("PEERL_PROBE", "from java")
            .start()) {
      assertEquals("peerl_cookie", node.cookie());
      assertEquals(Atom.of("peerl_cookie"), node.eval("erlang:get_cookie()"));
      assertEquals(Int.of(10), node.eval("net_kernel:get_net_ticktime()"));
      assertEquals(ErlList.ofCodePoints("from java"), node.eval("os:getenv(\"PEERL_PROBE\")"));
    }
  }

  @Test
  void startsANodeAgainUnderTheNameOfOneThatStoppedWithANewCreation() {
    ErlangTestNode first = ErlangTestNode.start();
    String name = first.nodeName();
    Int creation = (Int) first.eval("erlang:system_info(creation)");
    first.close();
    try (ErlangTestNode again =
        ErlangTestNode.builder().shortName(name.substring(0, name.indexOf('@'))).start()) {
      assertEquals(name, again.nodeName());
      assertNotEquals(creation, again.eval("erlang:system_info(creation)"));
    }
  }

  @Test
  void closeEndsTheOsProcess() throws Exception {
    ErlangTestNode node = ErlangTestNode.start();
    long osPid = node.osPid();

    node.close();

    Optional<ProcessHandle> handle = ProcessHandle.of(osPid);
    if (handle.isPresent()) {
      handle.get().onExit().get(5, TimeUnit.SECONDS);
    }
    assertFalse(ProcessHandle.of(osPid).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void haltsByItselfWhenItsStdinCloses() {
    // What keeps a JVM killed with SIGKILL from leaving nodes behind: its pipe closes, the node
    // halts.
    ErlangTestNode node = ErlangTestNode.start();

    node.close();

    assertEquals(0, node.exitValue());
  }

  @Test
  void closeIsIdempotentAndLaterEvalsSayTheNodeIsGone() {
    ErlangTestNode node = ErlangTestNode.start();
    node.close();
    node.close();

    assertFalse(node.isAlive());
    assertThrows(ErlangNodeExitedException.class, () -> node.eval("1 + 1"));
  }

  @Test
  void failsWithTheInstallHintWhenErlIsMissing() {
    String previous = System.getProperty(ErlangExecutables.ERL_PROPERTY);
    System.setProperty(ErlangExecutables.ERL_PROPERTY, "/nonexistent/erl");
    try {
      ErlangNotFoundException missing =
          assertThrows(ErlangNotFoundException.class, ErlangTestNode::start);

      assertTrue(missing.getMessage().contains("/nonexistent/erl"), missing::getMessage);
      assertTrue(
          missing.getMessage().contains("apt-get install -y erlang-base"), missing::getMessage);
    } finally {
      if (previous == null) {
        System.clearProperty(ErlangExecutables.ERL_PROPERTY);
      } else {
        System.setProperty(ErlangExecutables.ERL_PROPERTY, previous);
      }
    }
  }
}
