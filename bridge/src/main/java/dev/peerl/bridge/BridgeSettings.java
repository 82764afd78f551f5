package dev.peerl.bridge;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The bridge's settings, {@code peerl.bridge} in the configuration (see its {@code
 * reference.conf}).
 *
 * @param netKernel whether to start the registered {@code net_kernel} process
 * @param callTimeout the default timeout of calls made from Java
 */
public record BridgeSettings(boolean netKernel, Duration callTimeout) {
  public BridgeSettings {
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("peerl.bridge.call-timeout must be positive");
    }
  }

  /** Reads {@code peerl.bridge} from {@code config} (the whole configuration). */
  public static BridgeSettings create(Config config) {
    Config bridge = config.getConfig("peerl.bridge");
    return new BridgeSettings(bridge.getBoolean("net-kernel"), bridge.getDuration("call-timeout"));
  }
}
