package dev.peerl.codec;

import java.util.Objects;

/**
 * A process identifier: the node it lives on, its id and serial (32 bits each, unsigned, since
 * V4_NC) and the creation of that node's incarnation.
 */
public record Pid(Atom node, int id, int serial, int creation) implements Term {
  public Pid {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return "<"
        + node.name()
        + "."
        + Integer.toUnsignedString(id)
        + "."
        + Integer.toUnsignedString(serial)
        + ">";
  }
}
