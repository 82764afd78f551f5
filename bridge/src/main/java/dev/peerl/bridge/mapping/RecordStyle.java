package dev.peerl.bridge.mapping;

/** The term a Java record maps to. */
public enum RecordStyle {
  /**
   * {@code {tag, Field1, Field2, ...}}: what an Erlang record ({@code -record(tag, {field1,
   * field2})}) is at run time, and the usual shape of Erlang messages.
   */
  TAGGED_TUPLE,
  /**
   * {@code #{field1 => Field1, field2 => Field2}} with atom keys, plus {@code __struct__ => Tag}
   * when {@link TermMapper.Builder#structKey(boolean)} is on: an Elixir struct.
   */
  MAP,
  /** {@code {Field1, Field2, ...}} without a tag: for plain tuples such as {@code {X, Y}}. */
  TUPLE
}
