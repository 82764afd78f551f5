package dev.peerl.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.OptionalInt;

/** The demo node's command line: {@code --name NAME[@HOST] --cookie COOKIE [--epmd-port PORT]}. */
public record DemoOptions(String name, String cookie, OptionalInt epmdPort) {
  public static final String USAGE =
      "usage: java -jar peerl-demo.jar --name NAME[@HOST] --cookie COOKIE [--epmd-port PORT]";

  /**
   * Reads the options.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static DemoOptions parse(String... args) {
    String name = null;
    String cookie = null;
    OptionalInt epmdPort = OptionalInt.empty();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--name" -> name = value;
        case "--cookie" -> cookie = value;
        case "--epmd-port" -> epmdPort = OptionalInt.of(port(value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("--name is required");
    }
    if (cookie == null || cookie.isEmpty()) {
      throw new IllegalArgumentException("--cookie is required");
    }
    return new DemoOptions(name, cookie, epmdPort);
  }

  /**
   * The node's settings these options stand for: its name and cookie, the embedded EPMD started
   * when none answers, and the EPMD port if one was given. Put it before the application's
   * configuration ({@code withFallback(ConfigFactory.load())}).
   */
  public Config config() {
    Config config =
        ConfigFactory.empty()
            .withValue("peerl.node-name", ConfigValueFactory.fromAnyRef(name))
            .withValue("peerl.cookie", ConfigValueFactory.fromAnyRef(cookie))
            .withValue("peerl.epmd.embedded", ConfigValueFactory.fromAnyRef("on-demand"));
    if (epmdPort.isPresent()) {
      config =
          config.withValue("peerl.epmd.port", ConfigValueFactory.fromAnyRef(epmdPort.getAsInt()));
    }
    return config;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--epmd-port must be 1..65535: " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--epmd-port is not a number: " + value, e);
    }
  }
}
