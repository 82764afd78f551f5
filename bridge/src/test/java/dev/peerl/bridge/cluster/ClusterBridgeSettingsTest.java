package dev.peerl.bridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.peerl.codec.Atom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBridgeSettingsTest {
  private static ClusterBridgeSettings read(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
    return ClusterBridgeSettings.create(config);
  }

  @Test
  void readsTheDefaults() {
    ClusterBridgeSettings settings = read("");
    assertEquals(List.of(), settings.erlangNodes());
    assertEquals(List.of(), settings.discoveryHosts());
    assertEquals(Duration.ofSeconds(5), settings.discoveryInterval());
    assertTrue(settings.discoveryPattern().matcher("anything").matches());
    assertEquals(Duration.ofMillis(500), settings.minBackoff());
    assertEquals(Duration.ofSeconds(30), settings.maxBackoff());
  }

  @Test
  void readsNodesHostsAndPattern() {
    ClusterBridgeSettings settings =
        read(
            "peerl.bridge.cluster { erlang-nodes = [\"a@h\", \"b@h\"],"
                + " discovery { hosts = [\"h\"], node-pattern = \"erl_.*\" } }");
    assertEquals(List.of(Atom.of("a@h"), Atom.of("b@h")), settings.erlangNodes());
    assertEquals(List.of("h"), settings.discoveryHosts());
    assertTrue(settings.discoveryPattern().matcher("erl_1").matches());
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    ClusterBridgeSettings settings =
        read(
            "peerl.bridge.cluster.reconnect { min-backoff = 100ms, max-backoff = 1s,"
                + " random-factor = 0.5 }");
    assertEquals(Duration.ofMillis(100), settings.backoff(0, 0));
    assertEquals(Duration.ofMillis(200), settings.backoff(1, 0));
    assertEquals(Duration.ofMillis(800), settings.backoff(3, 0));
    assertEquals(Duration.ofSeconds(1), settings.backoff(4, 0));
    assertEquals(Duration.ofSeconds(1), settings.backoff(Integer.MAX_VALUE, 0));
    assertEquals(Duration.ofMillis(150), settings.backoff(0, 1));
    assertEquals(Duration.ofMillis(1500), settings.backoff(100, 1));
  }

  @Test
  void refusesANodeNameWithoutHost() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read("peerl.bridge.cluster.erlang-nodes = [\"nohost\"]"));
    assertTrue(e.getMessage().contains("erlang-nodes"), e.getMessage());
  }

  @Test
  void refusesBadBackoffsAndPatterns() {
    assertThrows(
        IllegalArgumentException.class,
        () -> read("peerl.bridge.cluster.reconnect { min-backoff = 2s, max-backoff = 1s }"));
    assertThrows(
        IllegalArgumentException.class,
        () -> read("peerl.bridge.cluster.reconnect.random-factor = 2"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read("peerl.bridge.cluster.discovery.node-pattern = \"erl_(\""));
    assertTrue(e.getMessage().contains("node-pattern"), e.getMessage());
  }
}
