package dev.peerl.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {
  @Test
  void readsTheDefaultsFromReferenceConf() {
    BridgeSettings settings = BridgeSettings.create(ConfigFactory.load());
    assertEquals(
        new BridgeSettings(true, Duration.ofSeconds(5), true, true, Atom.of("pg"), 100_000),
        settings);
  }

  @Test
  void refusesANonPositiveLimitOfPendingCalls() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BridgeSettings.create(
                ConfigFactory.parseString("peerl.bridge.max-pending-calls = 0")
                    .withFallback(ConfigFactory.load())));
  }

  @Test
  void refusesANonPositiveCallTimeout() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BridgeSettings.create(
                ConfigFactory.parseString("peerl.bridge.call-timeout = 0s")
                    .withFallback(ConfigFactory.load())));
  }
}
