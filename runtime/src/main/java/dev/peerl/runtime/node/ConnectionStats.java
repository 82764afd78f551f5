package dev.peerl.runtime.node;

import dev.peerl.codec.Atom;
import java.time.Instant;

/**
 * A snapshot of one connection's counters.
 *
 * @param node the peer
 * @param up whether the handshake has completed and the connection is not closed
 * @param framesIn frames read, ticks included
 * @param messagesIn control messages decoded
 * @param bytesIn frame bytes read, length prefixes excluded
 * @param ticksIn ticks read
 * @param framesOut frames written, ticks included
 * @param messagesOut control messages written
 * @param bytesOut frame bytes written, length prefixes excluded
 * @param ticksOut ticks written
 * @param dropped sends dropped because the outbound queue was full (in frames or in bytes) or the
 *     connection closed
 * @param outboundBytes the encoded bytes of the messages waiting for the socket now (queued, or
 *     held by the outbound stage), bounded by {@code outbound-queue-bytes}
 * @param outboundBytesPeak the most such bytes that have waited at once on this connection
 * @param undeliverable messages from the peer to a pid or name that does not exist here
 * @param lastActivity when the last frame (a tick included) was read
 */
public record ConnectionStats(
    Atom node,
    boolean up,
    long framesIn,
    long messagesIn,
    long bytesIn,
    long ticksIn,
    long framesOut,
    long messagesOut,
    long bytesOut,
    long ticksOut,
    long dropped,
    long outboundBytes,
    long outboundBytesPeak,
    long undeliverable,
    Instant lastActivity) {}
