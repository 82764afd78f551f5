package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import java.util.Map;

/** A {@link TermMapper}'s settings, as its builder left them. */
record MapperSettings(
    StringStyle strings,
    RecordStyle records,
    Naming recordNaming,
    Naming enumNaming,
    Atom emptyOptional,
    boolean structKey,
    boolean ignoreUnknownKeys,
    int maxDepth,
    Map<Class<?>, TermConverter<?>> converters) {

  /** Elixir's struct tag key. */
  static final Atom STRUCT = Atom.of("__struct__");
}
