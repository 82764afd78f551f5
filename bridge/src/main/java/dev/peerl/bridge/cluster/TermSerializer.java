package dev.peerl.bridge.cluster;

import dev.peerl.codec.DecodeException;
import dev.peerl.codec.Etf;
import dev.peerl.codec.Term;
import org.apache.pekko.serialization.JSerializer;

/**
 * Terms between the JVMs of a Pekko Cluster, in the External Term Format ({@code term_to_binary}).
 * The bridge's {@code reference.conf} binds it to {@link Term}, so an {@code ActorRef<Term>} from
 * the Receptionist (an Erlang pid of a {@link ClusterBridge#importGroup mirrored pg group}) takes
 * messages from any JVM of the cluster. Pids, references and funs keep their node: they mean the
 * same on every JVM.
 */
public final class TermSerializer extends JSerializer {
  /** The serializer's id ({@code "PERL"}), outside the range Pekko keeps for its own (0 to 40). */
  public static final int IDENTIFIER = 0x5045524C;

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof Term term)) {
      throw new IllegalArgumentException(
          "TermSerializer serializes terms only, not " + o.getClass());
    }
    return Etf.termToBinary(term);
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    try {
      return Etf.binaryToTerm(bytes);
    } catch (DecodeException e) {
      // Pekko drops the message and logs this; the connection between the JVMs carries on.
      throw new IllegalArgumentException(
          "not a term in the External Term Format: " + e.getMessage(), e);
    }
  }
}
