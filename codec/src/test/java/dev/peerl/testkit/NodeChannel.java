package dev.peerl.testkit;

import dev.peerl.codec.Term;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The request/answer conversation with one {@code erl} process over its stdin and stdout. Answers
 * are matched to requests by id, so several threads may evaluate at once. All other output of the
 * node, stdout and stderr, goes to the {@link OutputLog}.
 */
final class NodeChannel {
  private final String label;
  private final Process process;
  private final OutputLog log;
  private final Writer stdin;
  private final ConcurrentHashMap<Long, CompletableFuture<Reply>> pending =
      new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile Optional<String> gone = Optional.empty();

  private NodeChannel(String label, Process process, OutputLog log) {
    this.label = label;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
  }

  /** Starts reading the process's output; {@code label} names the reader threads. */
  static NodeChannel attach(String label, Process process, OutputLog log) {
    NodeChannel channel = new NodeChannel(label, process, log);
    channel.startReader(
        "stdout", process.getInputStream(), channel::onStdoutLine, channel::onStdoutEnd);
    channel.startReader(
        "stderr", process.getErrorStream(), line -> log.add("stderr", line), () -> {});
    return channel;
  }

  /**
   * Sends one evaluation request. The future completes with the node's answer, or with {@link
   * Reply.NodeGone} when the node can no longer answer; cancelling it forgets the request.
   */
  CompletableFuture<Reply> send(String expression, Map<String, ? extends Term> bindings) {
    long id = nextId.getAndIncrement();
    String request = EvalProtocol.request(id, expression, bindings);
    CompletableFuture<Reply> answer = new CompletableFuture<>();
    pending.put(id, answer);
    answer.whenComplete((reply, failure) -> pending.remove(id));
    // Checked after registering, so a request racing with the end of the output is never stranded.
    gone.ifPresent(detail -> answer.complete(new Reply.NodeGone(detail)));
    try {
      synchronized (stdin) {
        stdin.write(request);
        stdin.flush();
      }
    } catch (IOException e) {
      answer.complete(new Reply.NodeGone("cannot write to its stdin: " + e.getMessage()));
    }
    return answer;
  }

  /** Closes the node's stdin, which makes {@code peerl_testkit} halt the node. */
  void closeInput() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException e) {
      // The node is already gone, which is what closing asks for.
      log.add("kit", "closing stdin failed: " + e.getMessage());
    }
  }

  private void onStdoutLine(String line) {
    String output = EvalProtocol.outputBefore(line);
    if (!output.isEmpty()) {
      log.add("stdout", output);
    }
    try {
      EvalProtocol.parse(line).ifPresent(this::deliver);
    } catch (IllegalArgumentException e) {
      log.add("kit", "unreadable answer (" + e.getMessage() + "): " + line);
    }
  }

  private void deliver(EvalProtocol.Answer answer) {
    CompletableFuture<Reply> waiting = pending.get(answer.id());
    if (waiting == null) {
      log.add("kit", "answer to request " + answer.id() + " after its caller stopped waiting");
    } else {
      waiting.complete(answer.reply());
    }
  }

  /** Runs when stdout ends, after every answer in it has been delivered. */
  private void onStdoutEnd() {
    process
        .onExit()
        .thenAccept(
            exited -> {
              String detail = "it exited with status " + exited.exitValue();
              gone = Optional.of(detail);
              pending.values().forEach(answer -> answer.complete(new Reply.NodeGone(detail)));
            });
  }

  private void startReader(
      String stream, InputStream input, Consumer<String> onLine, Runnable onEnd) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                log.add("kit", "reading " + stream + " failed: " + e.getMessage());
              } finally {
                onEnd.run();
              }
            },
            "peerl-erl-" + label + "-" + stream);
    reader.setDaemon(true);
    reader.start();
  }
}
