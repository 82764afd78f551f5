package dev.peerl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerlSettingsTest {
  @Test
  void readsTheDefaultsFromReferenceConf() {
    PeerlSettings settings = PeerlSettings.create(ConfigFactory.defaultReference());
    assertEquals(Optional.empty(), settings.nodeName());
    assertEquals(Optional.empty(), settings.cookie());
    assertEquals(Duration.ofSeconds(7), settings.distribution().netSetupTime());
    assertEquals(128L * 1024 * 1024, settings.distribution().maxFrameSize());
    assertTrue(settings.distribution().hidden());
    assertEquals(Duration.ofSeconds(60), settings.distribution().netTickTime());
    assertEquals(131072, settings.distribution().outboundQueueSize());
    assertEquals(64L * 1024 * 1024, settings.distribution().outboundQueueBytes());
    assertEquals(1024L * 1024, settings.distribution().outboundBusyLimit());
    assertEquals(1024, settings.distribution().maxTermDepth());
    assertEquals(65536, settings.distribution().maxAtomsPerConnection());
    assertEquals(1024, settings.distribution().maxInboundConnections());
    assertEquals(512L * 1024 * 1024, settings.distribution().maxDecodedSize());
    assertEquals(Duration.ofNanos(200_000), settings.distribution().readLinger());
    assertEquals(Duration.ofNanos(500_000), settings.distribution().smallFramesLinger());
    assertEquals(16 * 1024, settings.distribution().smallFramesWindow());
    assertEquals(Duration.ofNanos(50_000), settings.distribution().answerPoll());
    assertEquals("0.0.0.0", settings.listenAddress());
    assertEquals(0, settings.listenPort());
  }

  @Test
  void keepsTheCookieOutOfToString() {
    PeerlSettings settings =
        PeerlSettings.create(
            ConfigFactory.parseString("peerl { node-name = \"a@b\", cookie = \"sesame\" }")
                .withFallback(ConfigFactory.defaultReference()));
    assertEquals(Optional.of("sesame"), settings.cookie());
    assertFalse(settings.toString().contains("sesame"), settings.toString());
  }

  @Test
  void refusesAFrameSizeThePrefixCannotCarry() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PeerlSettings.create(
                ConfigFactory.parseString("peerl.distribution.max-frame-size = 5GiB")
                    .withFallback(ConfigFactory.defaultReference())));
  }

  @Test
  void refusesLimitsOutOfRange() {
    for (String bad :
        List.of(
            "max-term-depth = 0",
            "max-atoms-per-connection = 0",
            "max-inbound-connections = -1",
            "max-decoded-size = 0",
            "outbound-queue-bytes = 0",
            "outbound-busy-limit = 65MiB",
            "read-linger = -1us",
            "read-linger = 11ms",
            "small-frames-linger = -1us",
            "small-frames-linger = 11ms",
            "small-frames-window = 1KiB",
            "small-frames-window = 2MiB",
            "answer-poll = -1us",
            "answer-poll = 2ms",
            "answer-poll = 1001us")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              PeerlSettings.create(
                  ConfigFactory.parseString("peerl.distribution." + bad)
                      .withFallback(ConfigFactory.defaultReference())),
          bad);
    }
  }

  @Test
  void takesTheAnswerPollsBounds() {
    for (String edge : List.of("0", "1ms")) {
      PeerlSettings settings =
          PeerlSettings.create(
              ConfigFactory.parseString("peerl.distribution.answer-poll = " + edge)
                  .withFallback(ConfigFactory.defaultReference()));
      assertEquals(
          edge.equals("0") ? Duration.ZERO : Duration.ofMillis(1),
          settings.distribution().answerPoll());
    }
  }
}
