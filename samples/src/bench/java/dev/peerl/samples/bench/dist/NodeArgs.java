package dev.peerl.samples.bench.dist;

import java.util.HashMap;
import java.util.Map;

/**
 * The command line of the benchmark's Java nodes: {@code --name NAME@HOST --cookie COOKIE} and
 * whatever else a node asks for, each option with one value.
 */
record NodeArgs(Map<String, String> options) {
  /**
   * @throws IllegalArgumentException when an option has no value or name/cookie are missing
   */
  static NodeArgs parse(String... args) {
    NodeArgs parsed = options(args);
    parsed.required("name");
    parsed.required("cookie");
    return parsed;
  }

  /**
   * The options of a program that is not a node (no name or cookie needed).
   *
   * @throws IllegalArgumentException when an option has no value
   */
  static NodeArgs options(String... args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return new NodeArgs(Map.copyOf(options));
  }

  String required(String option) {
    String value = options.get(option);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--" + option + " is required");
    }
    return value;
  }

  int intOption(String option, int orElse) {
    String value = options.get(option);
    return value == null ? orElse : Integer.parseInt(value);
  }

  String name() {
    return required("name");
  }

  String cookie() {
    return required("cookie");
  }
}
