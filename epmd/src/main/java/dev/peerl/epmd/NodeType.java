package dev.peerl.epmd;

import java.util.Optional;

/** How a node registers: published nodes are normal, nodes started with {@code -hidden} hidden. */
public enum NodeType {
  NORMAL(EpmdRequests.NODE_TYPE_NORMAL),
  HIDDEN(EpmdRequests.NODE_TYPE_HIDDEN);

  private final int code;

  NodeType(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  public int code() {
    return code;
  }

  public static Optional<NodeType> ofCode(int code) {
    for (NodeType type : values()) {
      if (type.code == code) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
