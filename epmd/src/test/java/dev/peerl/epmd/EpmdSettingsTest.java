package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpmdSettingsTest {
  private static final Config REFERENCE = ConfigFactory.defaultReference().getConfig("peerl.epmd");

  private static EpmdSettings read(String overrides, Map<String, String> env) {
    return EpmdSettings.fromConfig(
        ConfigFactory.parseString(overrides).withFallback(REFERENCE), env);
  }

  @Test
  void defaultsAsErlWithoutEnvironment() {
    EpmdSettings settings = read("", Map.of());
    assertEquals(4369, settings.port());
    assertEquals("0.0.0.0", settings.bindAddress());
    assertEquals(EpmdSettings.Embedded.ON_DEMAND, settings.embedded());
    assertEquals(Duration.ofSeconds(5), settings.requestTimeout());
    assertEquals(1024, settings.maxRequestSize());
    assertFalse(settings.enableKill());
  }

  @Test
  void takesPortAndAddressFromTheEnvironmentWhenNotSet() {
    EpmdSettings settings =
        read("", Map.of("ERL_EPMD_PORT", "12345", "ERL_EPMD_ADDRESS", "127.0.0.1,10.0.0.1"));
    assertEquals(12345, settings.port());
    assertEquals("127.0.0.1", settings.bindAddress());
  }

  @Test
  void prefersExplicitSettingsToTheEnvironment() {
    EpmdSettings settings =
        read(
            "port = 4400, address = \"::1\", embedded = never",
            Map.of("ERL_EPMD_PORT", "12345", "ERL_EPMD_ADDRESS", "127.0.0.1"));
    assertEquals(4400, settings.port());
    assertEquals("::1", settings.bindAddress());
    assertEquals(EpmdSettings.Embedded.NEVER, settings.embedded());
  }

  @Test
  void rejectsABadPort() {
    assertThrows(IllegalArgumentException.class, () -> read("", Map.of("ERL_EPMD_PORT", "epmd")));
    assertThrows(IllegalArgumentException.class, () -> read("port = 70000", Map.of()));
  }
}
