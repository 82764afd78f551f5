/**
 * Where a distribution connection's bytes come from and go: {@link
 * dev.peerl.runtime.transport.Transport}, with sockets of Peerl's own ({@link
 * dev.peerl.runtime.transport.SocketTransport}, the default) or Pekko's TCP ({@link
 * dev.peerl.runtime.transport.PekkoTcpTransport}). Either is a Pekko Streams flow of bytes under
 * the handshake, framing and (optionally) TLS stages.
 */
package dev.peerl.runtime.transport;
