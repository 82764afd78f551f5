package dev.peerl.codec;

import java.util.Objects;

/** A port identifier: node, id (up to 64 bits since V4_NC) and the node's creation. */
public record Port(Atom node, long id, int creation) implements Term {
  public Port {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return "#Port<" + node.name() + "." + Long.toUnsignedString(id) + ">";
  }
}
