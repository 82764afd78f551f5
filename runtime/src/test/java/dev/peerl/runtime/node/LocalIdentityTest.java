package dev.peerl.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.peerl.runtime.PeerlSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's name and cookie resolved as erl resolves them, {@code ~/.erlang.cookie} included. */
class LocalIdentityTest {
  @TempDir Path home;
  private String realHome;

  @BeforeEach
  void pointUserHomeAtATemporaryDirectory() {
    realHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
  }

  @AfterEach
  void restoreUserHome() {
    System.setProperty("user.home", realHome);
  }

  private static PeerlSettings settings(String peerl) {
    return PeerlSettings.create(
        ConfigFactory.parseString("peerl { " + peerl + " }")
            .withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void withoutACookieSettingReadsTheCookieFileInTheHomeDirectory() throws Exception {
    Files.writeString(home.resolve(".erlang.cookie"), "HOMECOOKIE\n", StandardCharsets.ISO_8859_1);
    LocalIdentity identity = LocalIdentity.resolve(settings("node-name = \"java@host\""));
    assertEquals("HOMECOOKIE", identity.cookie());
    assertEquals("java@host", identity.nodeName());
    assertFalse(identity.toString().contains("HOMECOOKIE"), identity.toString());
  }

  @Test
  void aConfiguredCookieWinsOverTheCookieFile() throws Exception {
    Files.writeString(home.resolve(".erlang.cookie"), "HOMECOOKIE", StandardCharsets.ISO_8859_1);
    LocalIdentity identity =
        LocalIdentity.resolve(settings("node-name = \"java@host\", cookie = \"configured\""));
    assertEquals("configured", identity.cookie());
  }

  @Test
  void aMissingOrEmptyCookieFileIsAnErrorThatNamesTheFile() throws Exception {
    Path file = home.resolve(".erlang.cookie");
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> LocalIdentity.resolve(settings("node-name = \"java@host\"")));
    assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
    Files.writeString(file, " \n", StandardCharsets.ISO_8859_1);
    IllegalStateException empty =
        assertThrows(
            IllegalStateException.class,
            () -> LocalIdentity.resolve(settings("node-name = \"java@host\"")));
    assertTrue(empty.getMessage().contains(file.toString()), empty.getMessage());
  }

  @Test
  void aBareNameGetsTheShortHostNameAsErlSnameDoes() {
    LocalIdentity identity = LocalIdentity.resolve(settings("node-name = java, cookie = c"));
    assertEquals("java@" + LocalIdentity.shortHostName(), identity.nodeName());
    assertFalse(LocalIdentity.shortHostName().contains("."), LocalIdentity.shortHostName());
  }

  @Test
  void withLongNamesABareNameGetsTheFullyQualifiedHostName() {
    String full = LocalIdentity.fullHostName();
    if (full.contains(".")) {
      LocalIdentity identity =
          LocalIdentity.resolve(settings("node-name = java, name-type = long, cookie = c"));
      assertEquals("java@" + full, identity.nodeName());
    } else {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () ->
                  LocalIdentity.resolve(
                      settings("node-name = java, name-type = long, cookie = c")));
      assertTrue(refused.getMessage().contains("peerl.node-name"), refused.getMessage());
    }
    assertEquals("host.example.com", LocalIdentity.longHostName("host.example.com"));
    assertThrows(IllegalStateException.class, () -> LocalIdentity.longHostName("vm"));
  }

  @Test
  void aFullNameIsUsedAsItIsWhateverTheNameType() {
    assertEquals(
        "java@vm",
        LocalIdentity.resolve(settings("node-name = \"java@vm\", name-type = long, cookie = c"))
            .nodeName());
    assertEquals(
        "java@127.0.0.1",
        LocalIdentity.resolve(settings("node-name = \"java@127.0.0.1\", cookie = c")).nodeName());
  }

  @Test
  void aNameTypeOtherThanShortOrLongIsRefused() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> settings("name-type = medium"));
    assertTrue(refused.getMessage().contains("medium"), refused.getMessage());
  }
}
