package dev.peerl.bridge.mapping;

/** How a {@link TermMapper} writes a Java {@code String}. Decoding takes either form. */
public enum StringStyle {
  /** A UTF-8 binary, {@code <<"text">>}: Elixir strings, and most modern Erlang code. */
  BINARY,
  /** A list of Unicode code points, {@code "text"} in Erlang source: what {@code io_lib} makes. */
  CHARLIST
}
