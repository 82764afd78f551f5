/**
 * Pekko Streams over Erlang mailboxes: {@link dev.peerl.bridge.stream.ErlangSource#mailbox} is a
 * {@code Source} that emits what an Erlang-visible process receives, {@link
 * dev.peerl.bridge.stream.ErlangSink#to} a {@code Sink} that sends to a pid or a registered name.
 * See {@code docs/streams.md}.
 */
package dev.peerl.bridge.stream;
