package dev.peerl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec against a real OTP node, both ways: every term {@code erl} writes, Java decodes and
 * writes back byte for byte; every term Java writes, {@code erl} decodes and writes back byte for
 * byte. Maps of more than 32 keys are the one exception OTP 25 forces (it writes them in hash
 * order): for terms holding one, the decoded terms must be equal instead.
 *
 * <p>Peerl encodes as OTP 25 does. OTP 26 and later write differently on purpose: every port as
 * V4_PORT_EXT, the atom keys of small maps in atom-table order, and a decoded fun with this node's
 * {@code <0.0.0>} as its creator. Against those releases (the {@code otp27} profile) the test
 * requires what still holds: erl takes every term Java writes, and both sides decode each other's
 * bytes to equal terms.
 */
class CorpusInteropTest {
  private static final int TERMS = 10_000;
  private static final Duration ERL_TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final ErlangNodeExtension ERL =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .namePrefix("corpus")
              .codePath(ErlangCompiler.compileResources("peerl_corpus")));

  @TempDir Path dir;

  /** Byte identity is promised against OTP 25; later releases get equality after decoding. */
  private static boolean byteIdentical() {
    return ERL.node().eval("erlang:system_info(otp_release)").equals(ErlList.ofCodePoints("25"));
  }

  @Test
  void reencodesEveryTermErlangWritesByteForByte() throws IOException, DecodeException {
    Path corpus = dir.resolve("erl-corpus.bin");
    ERL.node()
        .eval("peerl_corpus:generate(\"" + corpus + "\", " + TERMS + ", 20261123)", ERL_TIMEOUT);
    List<byte[]> records = readRecords(corpus);
    assertTrue(records.size() >= TERMS, "erl wrote only " + records.size() + " terms");

    boolean exact = byteIdentical();
    List<String> mismatches = new ArrayList<>();
    int largeMaps = 0;
    for (int i = 0; i < records.size(); i++) {
      byte[] fromErlang = records.get(i);
      Term term = Etf.binaryToTerm(fromErlang);
      byte[] fromJava = Etf.termToBinary(term);
      if (Arrays.equals(fromErlang, fromJava)) {
        continue;
      }
      if ((!exact || hasLargeMap(term)) && Etf.binaryToTerm(fromJava).equals(term)) {
        largeMaps++;
        continue;
      }
      mismatches.add(describe(i, term, fromErlang, fromJava));
    }
    assertEquals(List.of(), mismatches.subList(0, Math.min(5, mismatches.size())));
    if (exact) {
      assertTrue(largeMaps < records.size() / 10, "too few byte-compared terms: " + largeMaps);
    }
  }

  @Test
  void erlangReencodesEveryTermJavaWritesByteForByte() throws IOException, DecodeException {
    TermGen gen = new TermGen(20261123);
    List<Term> terms = new ArrayList<>(TERMS);
    for (int i = 0; i < TERMS; i++) {
      terms.add(gen.term(i % 100 == 0 ? 5 : 3));
    }
    terms.add(deepTerm(200));
    Path input = dir.resolve("java-corpus.bin");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(input))) {
      for (Term term : terms) {
        byte[] bytes = Etf.termToBinary(term);
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
    Path output = dir.resolve("erl-reencoded.bin");
    ERL.node().eval("peerl_corpus:reencode(\"" + input + "\", \"" + output + "\")", ERL_TIMEOUT);

    boolean exact = byteIdentical();
    List<String> mismatches = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(output))) {
      for (int i = 0; i < terms.size(); i++) {
        int status = in.readUnsignedByte();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        Term term = terms.get(i);
        byte[] fromJava = Etf.termToBinary(term);
        if (status != 0) {
          mismatches.add(
              "term "
                  + i
                  + " refused by erl: "
                  + new String(bytes, StandardCharsets.UTF_8)
                  + " "
                  + term);
        } else if (!Arrays.equals(fromJava, bytes)
            && !((!exact || hasLargeMap(term)) && Etf.binaryToTerm(bytes).equals(term))) {
          mismatches.add(describe(i, term, bytes, fromJava));
        }
      }
    }
    assertEquals(List.of(), mismatches.subList(0, Math.min(5, mismatches.size())));
  }

  private static Term deepTerm(int depth) {
    Term term = Atom.of("bottom");
    for (int i = 0; i < depth; i++) {
      term = i % 2 == 0 ? Tuple.of(term, Int.of(i)) : ErlList.of(term);
    }
    return term;
  }

  private static boolean hasLargeMap(Term term) {
    if (term instanceof ErlMap map) {
      if (map.size() > 32) {
        return true;
      }
      for (int i = 0; i < map.size(); i++) {
        if (hasLargeMap(map.keyAt(i)) || hasLargeMap(map.valueAt(i))) {
          return true;
        }
      }
      return false;
    }
    if (term instanceof Tuple tuple) {
      return tuple.elements().stream().anyMatch(CorpusInteropTest::hasLargeMap);
    }
    if (term instanceof ErlList list) {
      return list.elements().stream().anyMatch(CorpusInteropTest::hasLargeMap)
          || (!list.isProper() && hasLargeMap(list.tail()));
    }
    if (term instanceof Fun fun) {
      return fun.freeVars().stream().anyMatch(CorpusInteropTest::hasLargeMap);
    }
    return false;
  }

  private static String describe(int index, Term term, byte[] erlang, byte[] java) {
    int at = Arrays.mismatch(erlang, java);
    int from = Math.max(0, at - 8);
    return "term "
        + index
        + " differs at byte "
        + at
        + ": erl "
        + HexFormat.of().formatHex(erlang, from, Math.min(erlang.length, at + 16))
        + " java "
        + HexFormat.of().formatHex(java, from, Math.min(java.length, at + 16))
        + " term "
        + abbreviate(term.toString());
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static List<byte[]> readRecords(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return records;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        records.add(bytes);
      }
    }
  }
}
