/**
 * The node: {@link dev.peerl.runtime.node.ErlangNode} (a Pekko extension), one actor per connection
 * to another node owning its stream, the connection registry that settles simultaneous connects,
 * routing of inbound messages, and node events.
 */
package dev.peerl.runtime.node;
