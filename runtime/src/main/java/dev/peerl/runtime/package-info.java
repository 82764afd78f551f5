/**
 * The Erlang node on Pekko. Built so far: the distribution handshake ({@code handshake}), the
 * 4-byte framing with ticks ({@code connection}) and the control messages ({@code control}). The
 * node itself (connection actors, process table, links, monitors) is still to come: see issue 4.
 */
package dev.peerl.runtime;
