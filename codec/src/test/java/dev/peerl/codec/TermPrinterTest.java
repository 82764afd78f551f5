package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code toString()} prints Erlang syntax. Each expected string is what OTP 25's {@code
 * io_lib:format("~tw", [T])} prints (checked on a live node), except for pids, ports and
 * references, which name their node; {@code CorpusInteropTest} compares thousands more.
 */
class TermPrinterTest {
  private static final Atom NODE = Atom.of("beam@host");

  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of(0.0, "0.0"),
        Arguments.of(-0.0, "-0.0"),
        Arguments.of(1.0, "1.0"),
        Arguments.of(-1.5, "-1.5"),
        Arguments.of(0.1, "0.1"),
        Arguments.of(100.0, "100.0"),
        Arguments.of(1000.0, "1.0e3"),
        Arguments.of(1.0e7, "1.0e7"),
        Arguments.of(1200.0, "1.2e3"),
        Arguments.of(123456.0, "123456.0"),
        Arguments.of(123456789.125, "123456789.125"),
        Arguments.of(0.001, "0.001"),
        Arguments.of(1.0e-4, "0.0001"),
        Arguments.of(2.0e-5, "2.0e-5"),
        Arguments.of(0.00012, "1.2e-4"),
        Arguments.of(1.0e-10, "1.0e-10"),
        Arguments.of(3.141592653589793, "3.141592653589793"),
        // From 2^53 on, integral floats print in scientific notation.
        Arguments.of(9007199254740992.0, "9.007199254740992e15"),
        Arguments.of(9007199254740990.0, "9007199254740990.0"),
        Arguments.of(1.0e23, "1.0e23"),
        // Java 17's Double.toString prints 2.82879384806159008E17 here: not the shortest.
        Arguments.of(2.82879384806159E17, "2.82879384806159e17"),
        Arguments.of(Double.MIN_VALUE, "5.0e-324"),
        Arguments.of(Double.MAX_VALUE, "1.7976931348623157e308"),
        Arguments.of(-Double.MAX_VALUE, "-1.7976931348623157e308"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("floats")
  void printsFloatsInTheShortestFormThatReadsBack(double value, String expected) {
    assertEquals(expected, ErlFloat.of(value).toString());
  }

  static Stream<Arguments> atoms() {
    return Stream.of(
        Arguments.of("ok", "ok"),
        Arguments.of("a@b_C9", "a@b_C9"),
        Arguments.of("é", "é"),
        Arguments.of("ßÀÿ", "ßÀÿ"),
        Arguments.of("", "''"),
        Arguments.of("Ok", "'Ok'"),
        Arguments.of("_x", "'_x'"),
        Arguments.of("with space", "'with space'"),
        Arguments.of("a÷b", "'a÷b'"),
        Arguments.of("a×b", "'a×b'"),
        Arguments.of("Élan", "'Élan'"),
        Arguments.of("漢字", "'漢字'"),
        Arguments.of("ĺ", "'ĺ'"),
        Arguments.of("😀", "'😀'"),
        Arguments.of("don't", "'don\\'t'"),
        Arguments.of("back\\slash", "'back\\\\slash'"),
        Arguments.of("tab\tnew\nline", "'tab\\tnew\\nline'"),
        Arguments.of("\u0001\u007F\u0085\u00A0", "'\\001\\d\\205\u00A0'"),
        Arguments.of("\u000B\b\f\u001B\r", "'\\v\\b\\f\\e\\r'"),
        Arguments.of("receive", "'receive'"),
        Arguments.of("andalso", "'andalso'"),
        // Reserved from OTP 27 on (OTP 25 prints them bare): quoted, they read back everywhere.
        Arguments.of("maybe", "'maybe'"),
        Arguments.of("else", "'else'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("atoms")
  void quotesAtomsAsErlangDoes(String name, String expected) {
    assertEquals(expected, Atom.of(name).toString());
  }

  static Stream<Arguments> terms() {
    return Stream.of(
        Arguments.of(Int.of(-42), "-42"),
        Arguments.of(Int.of(BigInteger.TWO.pow(100)), "1267650600228229401496703205376"),
        Arguments.of(ErlList.NIL, "[]"),
        Arguments.of(ErlList.ofCodePoints("abc"), "[97,98,99]"),
        Arguments.of(ErlList.improper(List.of(Int.of(1), Int.of(2)), Int.of(3)), "[1,2|3]"),
        Arguments.of(Tuple.EMPTY, "{}"),
        Arguments.of(Tuple.of(Atom.OK, Tuple.of(Atom.of("Error"))), "{ok,{'Error'}}"),
        Arguments.of(ErlMap.EMPTY, "#{}"),
        Arguments.of(
            ErlMap.of(Atom.of("b"), Int.of(2), ErlFloat.of(1.0), Atom.of("x"), Int.of(1), Atom.OK),
            "#{1 => ok,1.0 => x,b => 2}"),
        Arguments.of(Binary.EMPTY, "<<>>"),
        Arguments.of(Binary.of("ab"), "<<97,98>>"),
        Arguments.of(BitBinary.of(new byte[] {(byte) 0xFF, (byte) 0x28}, 5), "<<255,5:5>>"),
        Arguments.of(new ExportFun(Atom.of("lists"), Atom.of("map"), 2), "fun lists:map/2"),
        Arguments.of(new ExportFun(Atom.of("ĺ"), Atom.of("漢字"), 255), "fun 'ĺ':'漢字'/255"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("terms")
  void printsTermsAsErlangDoes(Term term, String expected) {
    assertEquals(expected, term.toString());
  }

  static Stream<Arguments> identifiers() {
    return Stream.of(
        Arguments.of(new Pid(NODE, 80, 0, 1), "<beam@host.80.0>"),
        Arguments.of(new Pid(NODE, -1, 1, 1), "<beam@host.4294967295.1>"),
        Arguments.of(new Port(NODE, 7, 1), "#Port<beam@host.7>"),
        Arguments.of(Ref.of(NODE, 1, 1, 2, 3), "#Ref<beam@host.3.2.1>"));
  }

  /** Unlike erl, which prints an index into its own node table ({@code <0.80.0>}). */
  @ParameterizedTest(name = "{1}")
  @MethodSource("identifiers")
  void printsIdentifiersWithTheirNodeName(Term term, String expected) {
    assertEquals(expected, term.toString());
  }
}
