package dev.peerl.bridge;

import com.typesafe.config.Config;
import dev.peerl.codec.Atom;
import java.time.Duration;

/**
 * The bridge's settings, {@code peerl.bridge} in the configuration (see its {@code
 * reference.conf}).
 *
 * @param netKernel whether to start the registered {@code net_kernel} process
 * @param callTimeout the default timeout of calls made from Java
 * @param rpc whether to serve rpc into Java (erpc and rex) and offer rpc from Java
 * @param pg whether to start a pg scope
 * @param pgScope the name of that scope
 * @param maxPendingCalls the most {@code gen_server} calls one caller (the shared client, a Java
 *     server) may have under way at once, and the most rpc calls from Java ({@code Rpc.call}); one
 *     more fails at once
 */
public record BridgeSettings(
    boolean netKernel,
    Duration callTimeout,
    boolean rpc,
    boolean pg,
    Atom pgScope,
    int maxPendingCalls) {
  public BridgeSettings {
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("peerl.bridge.call-timeout must be positive");
    }
    if (maxPendingCalls < 1) {
      throw new IllegalArgumentException(
          "peerl.bridge.max-pending-calls must be positive, not " + maxPendingCalls);
    }
  }

  /** Reads {@code peerl.bridge} from {@code config} (the whole configuration). */
  public static BridgeSettings create(Config config) {
    Config bridge = config.getConfig("peerl.bridge");
    return new BridgeSettings(
        bridge.getBoolean("net-kernel"),
        bridge.getDuration("call-timeout"),
        bridge.getBoolean("rpc.enabled"),
        bridge.getBoolean("pg.enabled"),
        Atom.of(bridge.getString("pg.scope")),
        bridge.getInt("max-pending-calls"));
  }
}
