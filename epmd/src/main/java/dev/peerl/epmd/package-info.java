/**
 * EPMD, the Erlang Port Mapper Daemon: a client that registers and looks up nodes, and an embedded
 * server that real {@code erl} nodes can use. Not implemented yet: see issue 3.
 */
package dev.peerl.epmd;
