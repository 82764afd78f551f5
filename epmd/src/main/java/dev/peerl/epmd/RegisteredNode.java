package dev.peerl.epmd;

/** One line of a NAMES answer: a node name (without host) and its distribution port. */
public record RegisteredNode(String name, int port) {}
