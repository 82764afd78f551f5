package dev.peerl.bridge.genserver;

import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.node.ErlangNode;
import java.util.Objects;

/**
 * The caller of a {@code gen_server} call: OTP's {@code From}, {@code {Pid, Tag}}. A server replies
 * by returning {@link GenServer#reply}, or later, from any message or any thread, with {@link
 * #reply(Term)} ({@code gen_server:reply/2}).
 */
public final class From {
  private final ErlangNode node;
  private final Pid server;
  private final Pid caller;
  private final Term tag;

  From(ErlangNode node, Pid server, Pid caller, Term tag) {
    this.node = node;
    this.server = server;
    this.caller = caller;
    this.tag = tag;
  }

  /** The calling process. */
  public Pid caller() {
    return caller;
  }

  /**
   * The call's tag: a reference, or {@code [alias | Ref]} from OTP 24+ callers. Opaque: it only has
   * to come back in the reply.
   */
  public Term tag() {
    return tag;
  }

  /** {@code {Pid, Tag}}, as Erlang code sees {@code From}. */
  public Term toTerm() {
    return Tuple.of(caller, tag);
  }

  /**
   * Sends the reply, {@code {Tag, Reply}}, to the caller, from the server. Never blocks; a caller
   * that gave up (timed out or died) drops it.
   */
  public void reply(Term reply) {
    Objects.requireNonNull(reply, "reply");
    node.send(server, caller, Tuple.of(tag, reply));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof From f && caller.equals(f.caller) && tag.equals(f.tag);
  }

  @Override
  public int hashCode() {
    return 31 * caller.hashCode() + tag.hashCode();
  }

  @Override
  public String toString() {
    return "From{" + caller + ", " + tag + "}";
  }
}
