package dev.peerl.testkit;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Etf;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The line protocol between the kit and {@code peerl_testkit.erl} over the node's stdin and stdout.
 * Base64 keeps every line ASCII, so neither the JVM's nor the node's encoding settings matter.
 *
 * <pre>
 *   request (stdin) : Id SP base64(UTF-8 expression) SP base64(term_to_binary(#{'Var' => Value})) LF
 *   reply  (stdout) : "PEERL-RESULT" SP Id SP "ok"      SP base64(term_to_binary(Value)) LF
 *                   | "PEERL-RESULT" SP Id SP "raised"  SP base64(term_to_binary({Class, Reason, Stack, Text})) LF
 *                   | "PEERL-RESULT" SP Id SP "badexpr" SP base64(UTF-8 message) LF
 * </pre>
 *
 * <p>The marker may follow other text on the same line, because an expression may print without a
 * newline just before the node answers; that text belongs to the log.
 */
final class EvalProtocol {
  static final String RESULT_MARKER = "PEERL-RESULT ";
  static final String OK = "ok";
  static final String RAISED = "raised";
  static final String BAD_EXPRESSION = "badexpr";

  private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Za-z0-9_@]*");

  private EvalProtocol() {}

  /** One answer found in a line of the node's stdout. */
  record Answer(long id, Reply reply) {}

  static String request(long id, String expression, Map<String, ? extends Term> bindings) {
    Base64.Encoder base64 = Base64.getEncoder();
    return id
        + " "
        + base64.encodeToString(expression.getBytes(StandardCharsets.UTF_8))
        + " "
        + base64.encodeToString(Etf.termToBinary(bindingsMap(bindings)))
        + "\n";
  }

  /** The text before the marker, which is ordinary output; the whole line when there is none. */
  static String outputBefore(String line) {
    int marker = line.indexOf(RESULT_MARKER);
    return marker < 0 ? line : line.substring(0, marker);
  }

  /**
   * The answer in this line, if it has one.
   *
   * @throws IllegalArgumentException when the line has the marker but not a well-formed answer
   */
  static Optional<Answer> parse(String line) {
    int marker = line.indexOf(RESULT_MARKER);
    if (marker < 0) {
      return Optional.empty();
    }
    String[] fields = line.substring(marker + RESULT_MARKER.length()).split(" ", -1);
    if (fields.length != 3) {
      throw new IllegalArgumentException("malformed answer line: " + line);
    }
    long id = Long.parseLong(fields[0]);
    byte[] payload = Base64.getDecoder().decode(fields[2]);
    return Optional.of(new Answer(id, reply(fields[1], payload)));
  }

  private static Reply reply(String kind, byte[] payload) {
    try {
      switch (kind) {
        case OK:
          return new Reply.Value(Etf.binaryToTerm(payload));
        case RAISED:
          return raised(Etf.binaryToTerm(payload));
        case BAD_EXPRESSION:
          return new Reply.BadExpression(new String(payload, StandardCharsets.UTF_8));
        default:
          return new Reply.Unreadable("unknown answer kind " + kind);
      }
    } catch (DecodeException e) {
      return new Reply.Unreadable("cannot decode the " + kind + " payload: " + e.getMessage());
    }
  }

  private static Reply raised(Term payload) {
    if (payload instanceof Tuple tuple
        && tuple.arity() == 4
        && tuple.get(0) instanceof Atom errorClass
        && tuple.get(3) instanceof Binary text) {
      return new Reply.Raised(errorClass, tuple.get(1), tuple.get(2), text.utf8());
    }
    return new Reply.Unreadable("a raised answer is not {Class, Reason, Stack, Text}: " + payload);
  }

  private static ErlMap bindingsMap(Map<String, ? extends Term> bindings) {
    Map<Term, Term> byAtom = new LinkedHashMap<>();
    bindings.forEach(
        (name, value) -> {
          if (!VARIABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("not an Erlang variable name: " + name);
          }
          byAtom.put(Atom.of(name), value);
        });
    return ErlMap.of(byAtom);
  }
}
