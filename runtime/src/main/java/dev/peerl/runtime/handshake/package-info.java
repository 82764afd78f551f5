/**
 * The Erlang distribution handshake (versions 6 and 5) as a Pekko Streams stage: {@link
 * dev.peerl.runtime.handshake.Handshake} for both sides, its flags ({@link
 * dev.peerl.runtime.handshake.DistFlags}), messages, result and typed errors.
 */
package dev.peerl.runtime.handshake;
