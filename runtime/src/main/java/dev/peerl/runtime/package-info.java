/**
 * The Erlang node on Pekko: one actor per connection owning a Pekko Streams TCP flow, the
 * handshake, control messages, the process table, links and monitors. Not implemented yet: see
 * issue 4.
 */
package dev.peerl.runtime;
