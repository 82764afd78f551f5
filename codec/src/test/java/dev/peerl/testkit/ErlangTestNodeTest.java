package dev.peerl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evaluation on one shared real node. */
class ErlangTestNodeTest {
  @RegisterExtension static final ErlangNodeExtension erlang = ErlangNodeExtension.create();

  @Test
  void evaluatesArithmeticToAnInteger() {
    assertEquals(Int.of(42), erlang.eval("6 * 7"));
  }

  @Test
  void acceptsAnExpressionWithItsTrailingDot() {
    assertEquals(Int.of(3), erlang.eval("X = 1, X + 2."));
  }

  @Test
  void returnsTuplesOfAtomsBinariesAndUnicodeText() {
    Term value = erlang.eval("{ok, <<\"héllo\"/utf8>>, 'ünï', \"日本\", \"abc\"}");

    assertEquals(
        Tuple.of(
            Atom.OK,
            Binary.of("héllo"),
            Atom.of("ünï"),
            ErlList.ofCodePoints("日本"),
            ErlList.ofCodePoints("abc")),
        value);
  }

  @Test
  void bindsVariablesGivenAsTerms() {
    Term value =
        erlang
            .node()
            .eval("{Name, Count + 1}", Map.of("Name", Binary.of("peerl"), "Count", Int.of(41)));

    assertEquals(Tuple.of(Binary.of("peerl"), Int.of(42)), value);
  }

  @ParameterizedTest
  @CsvSource({"error(badarg), error, badarg", "throw(x), throw, x", "exit(y), exit, y"})
  void reportsARaisedExceptionWithItsClassAndReason(
      String expression, String errorClass, String reason) {
    ErlangEvalException raised =
        assertThrows(ErlangEvalException.class, () -> erlang.eval(expression));

    assertEquals(Atom.of(errorClass), raised.errorClass());
    assertEquals(Atom.of(reason), raised.reason());
    assertTrue(raised.getMessage().contains(errorClass + ":" + reason), () -> raised.getMessage());
  }

  @Test
  void reportsAnEvaluatorKilledFromInsideAsAnExit() {
    ErlangEvalException raised =
        assertThrows(ErlangEvalException.class, () -> erlang.eval("exit(self(), kill)"));

    assertEquals(Atom.of("exit"), raised.errorClass());
    assertEquals(Atom.of("killed"), raised.reason());
  }

  @Test
  void reportsASyntaxErrorWithErlangsMessage() {
    ErlangSyntaxException bad = assertThrows(ErlangSyntaxException.class, () -> erlang.eval("1 +"));

    assertTrue(bad.getMessage().contains("syntax error"), bad::getMessage);
    assertTrue(bad.getMessage().contains("`1 +`"), bad::getMessage);
  }

  @Test
  void timesOutOnAnExpressionThatNeverAnswersAndKeepsServing() {
    assertThrows(
        ErlangTimeoutException.class,
        () -> erlang.node().eval("receive after infinity -> ok end", Duration.ofMillis(200)));

    assertEquals(Int.of(2), erlang.eval("1 + 1"));
  }

  @Test
  void answersConcurrentRequestsEachWithItsOwnValue() {
    List<CompletableFuture<Term>> answers =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> erlang.eval("timer:sleep(" + (20 - i) + "), " + i)))
            .toList();

    for (int i = 0; i < answers.size(); i++) {
      assertEquals(Int.of(i), answers.get(i).join());
    }
  }

  @Test
  void keepsPrintedOutputOutOfTheAnswers() {
    assertEquals(Atom.OK, erlang.eval("io:format(\"no newline here\")"));

    assertTrue(erlang.node().recentOutput().contains("no newline here"));
  }

  @Test
  void knowsItsFullNodeNameAsTheNodeReportsIt(ErlangTestNode node) {
    assertEquals(Atom.of(node.nodeName()), erlang.eval("node()"));
    assertTrue(node.nodeName().startsWith("peerl_test_"), node::nodeName);
    assertTrue(node.nodeName().contains("@"), node::nodeName);
    assertEquals(Atom.of(node.cookie()), erlang.eval("erlang:get_cookie()"));
  }
}
