package dev.peerl.testkit;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What a node printed outside the protocol (logger reports, io:format, crash messages), for the
 * report of a failing test. Bounded, because a chatty node must not exhaust the test JVM.
 */
final class OutputLog {
  static final int MAX_LINES = 1000;
  static final int MAX_LINE_LENGTH = 4000;

  /** How many of the latest lines an exception message quotes. */
  static final int EXCERPT_LINES = 40;

  private final ArrayDeque<String> lines = new ArrayDeque<>();

  synchronized void add(String stream, String line) {
    String kept =
        line.length() > MAX_LINE_LENGTH
            ? line.substring(0, MAX_LINE_LENGTH) + "... (" + line.length() + " chars)"
            : line;
    if (lines.size() == MAX_LINES) {
      lines.removeFirst();
    }
    lines.addLast(stream + "| " + kept);
  }

  /** The kept lines, oldest first, one per line. */
  synchronized String text() {
    return String.join("\n", lines);
  }

  /** The latest lines as a paragraph to append to an exception message, or "" when none. */
  synchronized String excerpt() {
    if (lines.isEmpty()) {
      return "";
    }
    List<String> all = List.copyOf(lines);
    List<String> tail = all.subList(Math.max(0, all.size() - EXCERPT_LINES), all.size());
    return "\nlatest output of the node:\n" + String.join("\n", tail);
  }
}
