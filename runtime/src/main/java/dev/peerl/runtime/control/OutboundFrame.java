package dev.peerl.runtime.control;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import org.apache.pekko.util.ByteString;

/**
 * One encoded message on its way to a connection's socket, before its distribution header: the
 * header depends on the connection's atom cache at the moment the message is written, so the stream
 * builds it (see {@link DistHeader}), in the order messages go out.
 *
 * @param sender the process the message comes from (a pid, or a name), or null when unknown: a
 *     sender's messages keep their order, fragmented or not, as erl_ext_dist asks ("a process must
 *     complete the sending of a fragmented message before it can start sending any other")
 * @param atoms the atoms its {@code ATOM_CACHE_REF}s stand for, in reference order (none when
 *     FRAGMENTS was negotiated without DIST_HDR_ATOM_CACHE: the header is {@code 131, 68, 0}); null
 *     when the body is a whole frame already ({@code 112, 131, Control, 131, Payload}: neither was
 *     negotiated), or for a tick. Not copied: do not change it.
 * @param body the control message and payload, without version bytes when {@code atoms} is set
 * @param fragmentable whether FRAGMENTS was negotiated, so a large body may be cut
 */
public record OutboundFrame(Term sender, Atom[] atoms, ByteString body, boolean fragmentable) {
  /** A tick: an empty frame. */
  public static final OutboundFrame TICK =
      new OutboundFrame(null, null, ByteString.emptyByteString(), false);

  /** Whether this is a tick. */
  public boolean isTick() {
    return atoms == null && body.isEmpty();
  }
}
