/**
 * A distribution connection's stream: the 4-byte framing of a connected channel ({@link
 * dev.peerl.runtime.connection.DistFraming}), the frame reader the handshake shares, and the
 * connection settings.
 */
package dev.peerl.runtime.connection;
