package dev.peerl.runtime.connection;

import com.typesafe.config.Config;
import dev.peerl.runtime.transport.SocketTransport;
import dev.peerl.runtime.transport.Transport;
import java.time.Duration;

/**
 * The settings of distribution connections, from {@code peerl.distribution} in the configuration.
 *
 * @param netSetupTime the time each handshake step may take (erl's {@code net_setuptime})
 * @param maxFrameSize the largest inbound frame, in bytes, checked before it is buffered
 * @param hidden whether this node leaves DFLAG_PUBLISHED out of the flags it offers
 * @param netTickTime erl's {@code net_ticktime}: a tick is written after a quarter of it without
 *     output, and a peer silent for all of it is declared down
 * @param outboundQueueSize how many encoded frames wait for the socket per connection before
 *     further sends to that node are dropped
 * @param outboundQueueBytes how many bytes of encoded messages wait for the socket per connection
 *     before further sends to that node are dropped (one larger message alone still goes)
 * @param outboundBusyLimit the bytes waiting above which a connection is busy: senders that go at
 *     its pace wait until it is not (erl's {@code dist_buf_busy_limit}); at most {@code
 *     outboundQueueBytes}
 * @param traceControlMessages whether every control message sent and received is logged at DEBUG on
 *     the logger {@code dev.peerl.runtime.trace}
 * @param maxMessageSize the largest message, in bytes, that a peer's fragments may add up to
 * @param fragmentSize the most bytes of a message in one fragment when this node sends a larger one
 *     (with FRAGMENTS negotiated)
 * @param maxTermDepth the deepest nesting of tuples, lists, maps and funs accepted in a term from a
 *     peer; a deeper one closes the connection
 * @param maxAtomsPerConnection the most distinct atoms a peer may make this node create over one
 *     connection; one more closes the connection
 * @param maxInboundConnections the most connections other nodes may have open to this one at once
 *     (in their handshake or up); one more is closed as it is accepted
 * @param maxDecodedSize the most heap, in bytes, one term from a peer may take once decoded (as
 *     {@link dev.peerl.codec.DecodeLimits#maxDecodedSize()} estimates it); a larger one closes the
 *     connection
 * @param maxReassemblyBytes the most bytes the fragments of a connection's unfinished messages may
 *     hold together; a fragment that would pass it closes the connection
 * @param transport the sockets under the connections: Peerl's own or Pekko's TCP
 * @param atomCache whether this node offers DIST_HDR_ATOM_CACHE (atoms sent once per connection,
 *     then as 1-2 byte references)
 * @param fragments whether this node offers FRAGMENTS (large messages cut into fragments both ways)
 * @param readLinger how long a connection streaming small messages one way to this node lets them
 *     gather before it reads them (transport "socket"); zero: never
 * @param smallFramesLinger how long such a connection lets them gather when its frames are small (a
 *     stream of small messages)
 * @param smallFramesWindow the socket's receive window clamp, in bytes, while its frames are small,
 *     so that the peer's writes wait and go out together; zero: never clamped
 * @param answerPoll until how long after an answer a connection that has answered what it read
 *     (transport "socket") polls the socket for the next request before its thread sleeps (unless
 *     it rests from polling: docs/configuration.md); zero: never
 */
public record DistributionSettings(
    Duration netSetupTime,
    long maxFrameSize,
    boolean hidden,
    Duration netTickTime,
    int outboundQueueSize,
    long outboundQueueBytes,
    long outboundBusyLimit,
    boolean traceControlMessages,
    long maxMessageSize,
    int fragmentSize,
    int maxTermDepth,
    int maxAtomsPerConnection,
    int maxInboundConnections,
    long maxDecodedSize,
    long maxReassemblyBytes,
    Transport.Kind transport,
    boolean atomCache,
    boolean fragments,
    Duration readLinger,
    Duration smallFramesLinger,
    int smallFramesWindow,
    Duration answerPoll) {
  /** The largest frame the 4-byte prefix can announce. */
  public static final long MAX_FRAME_SIZE_LIMIT = FrameHeader.CONNECTED.maxLength();

  /** The smallest {@code small-frames-window} other than 0. */
  public static final int MIN_SMALL_FRAMES_WINDOW = 4 * 1024;

  /** The largest {@code small-frames-window}. */
  public static final int MAX_SMALL_FRAMES_WINDOW = 1024 * 1024;

  /** The longest {@code answer-poll}. */
  public static final Duration MAX_ANSWER_POLL = SocketTransport.Pacing.MAX_ANSWER_POLL;

  /**
   * @throws IllegalArgumentException if the setup time is not positive, the frame size is not
   *     within 1 byte to 4 GiB - 1, the tick time is below 4 ms, or a size or limit is out of range
   */
  public DistributionSettings {
    if (netSetupTime.isNegative() || netSetupTime.isZero()) {
      throw new IllegalArgumentException("net-setuptime must be positive, not " + netSetupTime);
    }
    if (maxFrameSize < 1 || maxFrameSize > MAX_FRAME_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "max-frame-size must be within 1.." + MAX_FRAME_SIZE_LIMIT + ", not " + maxFrameSize);
    }
    // A tick interval of a quarter must stay a usable timer interval.
    if (netTickTime.toMillis() < 4) {
      throw new IllegalArgumentException("net-ticktime must be at least 4ms, not " + netTickTime);
    }
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException(
          "max-message-size must be positive, not " + maxMessageSize);
    }
    if (fragmentSize < 1) {
      throw new IllegalArgumentException("fragment-size must be positive, not " + fragmentSize);
    }
    if (outboundQueueSize < 1) {
      throw new IllegalArgumentException(
          "outbound-queue-size must be positive, not " + outboundQueueSize);
    }
    if (outboundQueueBytes < 1) {
      throw new IllegalArgumentException(
          "outbound-queue-bytes must be positive, not " + outboundQueueBytes);
    }
    if (outboundBusyLimit < 0 || outboundBusyLimit > outboundQueueBytes) {
      throw new IllegalArgumentException(
          "outbound-busy-limit must be within 0..outbound-queue-bytes ("
              + outboundQueueBytes
              + "), not "
              + outboundBusyLimit);
    }
    if (maxTermDepth < 1) {
      throw new IllegalArgumentException("max-term-depth must be positive, not " + maxTermDepth);
    }
    if (maxAtomsPerConnection < 1) {
      throw new IllegalArgumentException(
          "max-atoms-per-connection must be positive, not " + maxAtomsPerConnection);
    }
    if (maxInboundConnections < 0) {
      throw new IllegalArgumentException(
          "max-inbound-connections must be 0 or more, not " + maxInboundConnections);
    }
    if (maxDecodedSize < 1) {
      throw new IllegalArgumentException(
          "max-decoded-size must be positive, not " + maxDecodedSize);
    }
    if (readLinger.isNegative() || readLinger.toMillis() > 10) {
      throw new IllegalArgumentException("read-linger must be within 0..10ms, not " + readLinger);
    }
    if (smallFramesLinger.isNegative() || smallFramesLinger.toMillis() > 10) {
      throw new IllegalArgumentException(
          "small-frames-linger must be within 0..10ms, not " + smallFramesLinger);
    }
    if (smallFramesWindow != 0
        && (smallFramesWindow < MIN_SMALL_FRAMES_WINDOW
            || smallFramesWindow > MAX_SMALL_FRAMES_WINDOW)) {
      throw new IllegalArgumentException(
          "small-frames-window must be 0 or within "
              + MIN_SMALL_FRAMES_WINDOW
              + ".."
              + MAX_SMALL_FRAMES_WINDOW
              + " bytes, not "
              + smallFramesWindow);
    }
    if (answerPoll.isNegative() || answerPoll.compareTo(MAX_ANSWER_POLL) > 0) {
      throw new IllegalArgumentException("answer-poll must be within 0..1ms, not " + answerPoll);
    }
    if (maxReassemblyBytes < 1) {
      throw new IllegalArgumentException(
          "max-reassembly-bytes must be positive, not " + maxReassemblyBytes);
    }
  }

  /** Reads the {@code peerl.distribution} section of {@code config}. */
  public static DistributionSettings create(Config config) {
    Config section = config.getConfig("peerl.distribution");
    return new DistributionSettings(
        section.getDuration("net-setuptime"),
        section.getBytes("max-frame-size"),
        section.getBoolean("hidden"),
        section.getDuration("net-ticktime"),
        section.getInt("outbound-queue-size"),
        section.getBytes("outbound-queue-bytes"),
        section.getBytes("outbound-busy-limit"),
        section.getBoolean("trace-control-messages"),
        section.getBytes("max-message-size"),
        Math.toIntExact(section.getBytes("fragment-size")),
        section.getInt("max-term-depth"),
        section.getInt("max-atoms-per-connection"),
        section.getInt("max-inbound-connections"),
        section.getBytes("max-decoded-size"),
        section.getBytes("max-reassembly-bytes"),
        Transport.Kind.parse(section.getString("transport")),
        section.getBoolean("atom-cache"),
        section.getBoolean("fragments"),
        section.getDuration("read-linger"),
        section.getDuration("small-frames-linger"),
        Math.toIntExact(Math.min(section.getBytes("small-frames-window"), Integer.MAX_VALUE)),
        section.getDuration("answer-poll"));
  }
}
