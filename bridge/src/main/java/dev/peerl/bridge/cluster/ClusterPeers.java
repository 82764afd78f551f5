package dev.peerl.bridge.cluster;

import dev.peerl.codec.Atom;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Which Erlang nodes are the nodes of the cluster's JVMs. Each cluster bridge registers one actor
 * under {@link #KEY} whose name carries its Erlang node's name, so every JVM learns the others'
 * Erlang nodes from the Receptionist alone, with no message or serializer of our own. The bridge
 * uses it to keep to Erlang nodes: it does not dial the other JVMs' nodes (EPMD discovery finds
 * them too), and it leaves their pids out of the pg groups it mirrors into the Receptionist (those
 * pids are the other JVMs' own mirrors of Java actors).
 */
final class ClusterPeers {
  /** Never sent: the actors under {@link #KEY} only carry a name. */
  enum Marker {}

  static final ServiceKey<Marker> KEY = ServiceKey.create(Marker.class, "peerl-cluster-bridge");

  private static final String PREFIX = "peerl-node-";

  private ClusterPeers() {}

  /** The name of the marker actor of the JVM whose Erlang node is {@code node}. */
  static String markerName(Atom node) {
    return PREFIX + URLEncoder.encode(node.name(), StandardCharsets.UTF_8);
  }

  static Behavior<Marker> marker() {
    return Behaviors.ignore();
  }

  /** The Erlang nodes of the JVMs in {@code listing}, reachable or not, this one included. */
  static Set<Atom> nodes(Receptionist.Listing listing) {
    Set<Atom> nodes = new HashSet<>();
    for (ActorRef<Marker> marker : listing.getAllServiceInstances(KEY)) {
      String name = marker.path().name();
      if (name.startsWith(PREFIX)) {
        nodes.add(
            Atom.of(URLDecoder.decode(name.substring(PREFIX.length()), StandardCharsets.UTF_8)));
      }
    }
    return Set.copyOf(nodes);
  }
}
