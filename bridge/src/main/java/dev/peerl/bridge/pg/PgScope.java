package dev.peerl.bridge.pg;

import dev.peerl.bridge.pg.ScopeProcess.WatcherCommand;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.runtime.node.ErlangNode;
import dev.peerl.runtime.process.ProcessRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A scope of OTP's {@code pg} process groups on this node: Java processes join and leave groups
 * that Erlang nodes see with {@code pg:get_members/1,2}, and Java sees the members Erlang processes
 * join. The scope is a process registered under the scope's name ({@code pg} by default) speaking
 * pg's protocol with the scopes of the same name on other nodes.
 *
 * <pre>{@code
 * PgScope pg = PgScope.start(node);
 * pg.join(Atom.of("workers"), worker.pid());          // erl: pg:get_members(workers) includes it
 * List<Pid> all = pg.getMembers(Atom.of("workers"));   // Erlang members too
 * }</pre>
 *
 * <p>As in pg, membership is eventually consistent: a join is visible here at once and on other
 * nodes when its message arrives. A member that exits leaves all its groups; members of a node that
 * goes down leave too. This node is hidden, so Erlang scopes do not discover it: the scope sends
 * {@code discover} to the scope of the same name on every node that comes up (and on the nodes
 * connected when it starts). A scope an Erlang node starts later is found with {@link
 * #discover(Atom)}. Thread-safe.
 */
public final class PgScope {
  /** The scope OTP's kernel starts when {@code start_pg} is true. */
  public static final Atom DEFAULT_SCOPE = Atom.of("pg");

  private final Atom scope;
  private final Pid pid;
  private final ScopeState state;
  private final CompletableFuture<ActorRef<WatcherCommand>> watcher;
  private final Atom localNode;

  private PgScope(
      Atom scope,
      Pid pid,
      ScopeState state,
      CompletableFuture<ActorRef<WatcherCommand>> watcher,
      Atom localNode) {
    this.scope = scope;
    this.pid = pid;
    this.state = state;
    this.watcher = watcher;
    this.localNode = localNode;
  }

  /** Starts the default scope, {@code pg}, on a started node. */
  public static PgScope start(ErlangNode node) {
    return start(node, DEFAULT_SCOPE);
  }

  /**
   * Starts {@code scope} on a started node, as {@code pg:start_link(Scope)}.
   *
   * @throws dev.peerl.runtime.process.NameAlreadyRegisteredException if the name is taken
   * @throws IllegalStateException if the node has not started
   */
  public static PgScope start(ErlangNode node, Atom scope) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(scope, "scope");
    ScopeState state = new ScopeState(node, scope);
    CompletableFuture<ActorRef<WatcherCommand>> watcher = new CompletableFuture<>();
    ProcessRef process = node.spawn(scope, ctx -> ScopeProcess.create(ctx, state, watcher));
    state.attach(process.pid());
    return new PgScope(scope, process.pid(), state, watcher, node.nodeName());
  }

  public Atom scope() {
    return scope;
  }

  /** The scope process. */
  public Pid pid() {
    return pid;
  }

  /**
   * {@code pg:join(Scope, Group, Pid)}: {@code pid}, a process of this node, joins {@code group}
   * (any term). A process may join a group several times, and must leave it as many times.
   *
   * @throws IllegalArgumentException if {@code pid} is not a process of this node
   */
  public void join(Term group, Pid pid) {
    join(group, List.of(pid));
  }

  /** {@code pg:join(Scope, Group, Pids)}: all of {@code pids} join. */
  public void join(Term group, List<Pid> pids) {
    Objects.requireNonNull(group, "group");
    state.join(group, local(pids));
  }

  /**
   * {@code pg:leave(Scope, Group, Pid)}; false when {@code pid} had not joined ({@code
   * not_joined}).
   *
   * @throws IllegalArgumentException if {@code pid} is not a process of this node
   */
  public boolean leave(Term group, Pid pid) {
    return leave(group, List.of(pid));
  }

  /** {@code pg:leave(Scope, Group, Pids)}; false when none of them had joined. */
  public boolean leave(Term group, List<Pid> pids) {
    Objects.requireNonNull(group, "group");
    return state.leave(group, local(pids));
  }

  /** {@code pg:get_members/2}: every member of {@code group}, on every node, in no order. */
  public List<Pid> getMembers(Term group) {
    return state.members(group).all();
  }

  /** {@code pg:get_local_members/2}: the members of this node. */
  public List<Pid> getLocalMembers(Term group) {
    return state.members(group).local();
  }

  /** {@code pg:which_groups/1}: the groups with members. */
  public Set<Term> whichGroups() {
    return state.groups(false);
  }

  /** The groups with members on this node. */
  public Set<Term> whichLocalGroups() {
    return state.groups(true);
  }

  /**
   * {@code pg:monitor_scope/1}: {@code subscriber} gets a {@link GroupEvent} for every change of
   * every group until it stops or {@link #demonitor}; returns every group's members now.
   */
  public Map<Term, List<Pid>> monitorScope(ActorRef<GroupEvent> subscriber) {
    Map<Term, List<Pid>> now = state.monitorScope(Objects.requireNonNull(subscriber));
    watch(subscriber);
    return now;
  }

  /**
   * {@code pg:monitor/2}: {@code subscriber} gets a {@link GroupEvent} for every change of {@code
   * group} until it stops or {@link #demonitor}; returns the group's members now.
   */
  public List<Pid> monitor(Term group, ActorRef<GroupEvent> subscriber) {
    List<Pid> now =
        state.monitor(Objects.requireNonNull(group), Objects.requireNonNull(subscriber));
    watch(subscriber);
    return now;
  }

  /** Ends every subscription of {@code subscriber}; whether it had one. */
  public boolean demonitor(ActorRef<GroupEvent> subscriber) {
    return state.demonitor(subscriber);
  }

  /**
   * Sends {@code discover} to the scope of the same name on {@code node}, for a scope started there
   * after this node connected. Nothing happens if it has none.
   */
  public void discover(Atom node) {
    state.discover(Objects.requireNonNull(node, "node"));
  }

  private void watch(ActorRef<GroupEvent> subscriber) {
    watcher.thenAccept(w -> w.tell(new ScopeProcess.Watch(subscriber)));
  }

  private List<Pid> local(List<Pid> pids) {
    for (Pid p : pids) {
      if (!p.node().equals(localNode)) {
        throw new IllegalArgumentException(
            "only processes of this node (" + localNode + ") can join or leave, not " + p);
      }
    }
    return List.copyOf(pids);
  }

  @Override
  public String toString() {
    return "PgScope[" + scope + " " + pid + "]";
  }
}
