package dev.peerl.bridge.cluster;

import dev.peerl.bridge.pg.PgScope;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ExitReason;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.runtime.process.ProcessRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ServiceKey<T>} mirrored as a pg group: for every actor of this JVM registered under
 * the key, a proxy process of this JVM's node joins the group and hands each message it receives,
 * mapped to a {@code T}, to the actor. The proxy stops when the actor leaves the listing (it
 * stopped or deregistered), and so leaves the group; a proxy that dies while its actor is still
 * listed is started again. Actors of the other JVMs are their own bridges' to mirror: each JVM's
 * members are its node's processes, so they die with it.
 */
final class ServiceExport<T> extends AbstractBehavior<ServiceExport.Command> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceExport.class);

  interface Command {}

  private record ListingChanged(Receptionist.Listing listing) implements Command {}

  private record ProxyStopped(ActorRef<?> service, Pid proxy) implements Command {}

  private final ServiceKey<T> key;
  private final Term group;
  private final Function<Term, T> fromTerm;
  private final ErlangNode node;
  private final PgScope pg;
  private final Map<ActorRef<T>, ProcessRef> proxies = new HashMap<>();

  static <T> Behavior<Command> create(
      ServiceKey<T> key, Term group, Function<Term, T> fromTerm, ErlangNode node, PgScope pg) {
    return Behaviors.setup(context -> new ServiceExport<>(context, key, group, fromTerm, node, pg));
  }

  private ServiceExport(
      ActorContext<Command> context,
      ServiceKey<T> key,
      Term group,
      Function<Term, T> fromTerm,
      ErlangNode node,
      PgScope pg) {
    super(context);
    this.key = key;
    this.group = group;
    this.fromTerm = fromTerm;
    this.node = node;
    this.pg = pg;
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                key, context.messageAdapter(Receptionist.Listing.class, ListingChanged::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ListingChanged.class, this::onListing)
        .onMessage(ProxyStopped.class, this::onProxyStopped)
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Command> onListing(ListingChanged changed) {
    Set<ActorRef<T>> local = new HashSet<>();
    for (ActorRef<T> service : changed.listing().getAllServiceInstances(key)) {
      if (service.path().address().hasLocalScope()) {
        local.add(service);
      }
    }
    for (ActorRef<T> service : Set.copyOf(proxies.keySet())) {
      if (!local.contains(service)) {
        unmirror(service);
      }
    }
    for (ActorRef<T> service : local) {
      if (!proxies.containsKey(service)) {
        mirror(service);
      }
    }
    return this;
  }

  private Behavior<Command> onProxyStopped(ProxyStopped stopped) {
    @SuppressWarnings("unchecked")
    ActorRef<T> service = (ActorRef<T>) stopped.service();
    ProcessRef proxy = proxies.get(service);
    if (proxy != null && proxy.pid().equals(stopped.proxy())) {
      LOG.warn("[{}] the pg member of {} exited; starting another", node.nodeName(), service);
      proxies.remove(service);
      mirror(service);
    }
    return this;
  }

  private Behavior<Command> onStop() {
    for (ActorRef<T> service : proxies.keySet()) {
      try {
        stopProxy(service);
      } catch (RuntimeException e) { // the node or its pg scope stopped first
        LOG.debug("[{}] stopping the pg member of {}: {}", node.nodeName(), service, e.toString());
      }
    }
    proxies.clear();
    return this;
  }

  private void mirror(ActorRef<T> service) {
    ProcessRef proxy = node.spawn(ctx -> proxy(service));
    proxies.put(service, proxy);
    getContext().watchWith(proxy.actor(), new ProxyStopped(service, proxy.pid()));
    pg.join(group, proxy.pid());
    LOG.debug("[{}] {} joined pg group {} as {}", node.nodeName(), service, group, proxy.pid());
  }

  private void unmirror(ActorRef<T> service) {
    stopProxy(service);
    proxies.remove(service);
  }

  private void stopProxy(ActorRef<T> service) {
    ProcessRef proxy = proxies.get(service);
    getContext().unwatch(proxy.actor());
    pg.leave(group, proxy.pid());
    node.stop(proxy.pid(), ExitReason.NORMAL);
  }

  private Behavior<ProcessMessage> proxy(ActorRef<T> service) {
    return Behaviors.receive(ProcessMessage.class)
        .onMessage(
            ProcessMessage.Message.class,
            m -> {
              deliver(service, m.body());
              return Behaviors.same();
            })
        .build();
  }

  /** Bad input is the sender's problem: it is logged and dropped, and the proxy carries on. */
  private void deliver(ActorRef<T> service, Term body) {
    T message;
    try {
      message = fromTerm.apply(body);
    } catch (RuntimeException e) {
      LOG.warn(
          "[{}] pg group {}: dropped a message the mapping of service key {} refused: {} ({})",
          node.nodeName(),
          group,
          key.id(),
          body,
          e.toString());
      return;
    }
    if (message == null) {
      LOG.warn(
          "[{}] pg group {}: dropped a message the mapping of service key {} made null: {}",
          node.nodeName(),
          group,
          key.id(),
          body);
      return;
    }
    service.tell(message);
  }
}
