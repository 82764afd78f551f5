package dev.peerl.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random terms of every kind, with a bias to the edge values where encoders go wrong. Seeded, so a
 * failure names the seed that reproduces it.
 */
public final class TermGen {
  private static final String[] ATOM_SAMPLES = {
    "ok", "error", "", "a", "hello_world", "Quoted Atom", "ĺatin", "日本語", "emoji😀", "with'quote"
  };
  private static final Atom[] NODES = {
    Atom.of("other@host"), Atom.of("x@127.0.0.1"), Atom.of("ノード@host"), Atom.of("nonode@nohost")
  };
  private static final long[] EDGE_INTEGERS = {
    0,
    1,
    255,
    256,
    -1,
    -256,
    (1L << 27) - 1,
    1L << 27,
    -(1L << 27),
    -(1L << 27) - 1,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    1L << 31,
    -(1L << 31) - 1,
    1L << 32,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1
  };

  private final Random random;
  // Large items (70 KB binaries, 65K strings, 256+ tuples, 33+ maps) are rationed to one per
  // top-level term: nested freely they would multiply into gigabytes.
  private int nesting;
  private boolean bigLeft;

  public TermGen(long seed) {
    this.random = new Random(seed);
  }

  public TermGen(Random random) {
    this.random = random;
  }

  public Term term() {
    return term(4);
  }

  public Term term(int depth) {
    if (nesting == 0) {
      bigLeft = true;
    }
    nesting++;
    try {
      return anyTerm(depth);
    } finally {
      nesting--;
    }
  }

  private boolean big(int oneIn) {
    if (bigLeft && random.nextInt(oneIn) == 0) {
      bigLeft = false;
      return true;
    }
    return false;
  }

  private Term anyTerm(int depth) {
    int choice = random.nextInt(depth <= 0 ? 9 : 15);
    return switch (choice) {
      case 0 -> integer();
      case 1 -> floating();
      case 2 -> atom();
      case 3 -> binary();
      case 4 -> bits();
      case 5 -> pid();
      case 6 -> port();
      case 7 -> ref();
      case 8 -> exportFun();
      case 9, 10 -> tuple(depth - 1);
      case 11, 12 -> list(depth - 1);
      case 13 -> map(depth - 1);
      default -> fun(depth - 1);
    };
  }

  public Term integer() {
    return switch (random.nextInt(5)) {
      case 0 -> Int.of(EDGE_INTEGERS[random.nextInt(EDGE_INTEGERS.length)]);
      case 1 -> Int.of(random.nextInt(256));
      case 2 -> Int.of(random.nextLong() >> random.nextInt(64));
      case 3 -> {
        BigInteger power = BigInteger.TWO.pow(random.nextBoolean() ? 64 : 1 + random.nextInt(3000));
        BigInteger value = power.add(BigInteger.valueOf(random.nextInt(3) - 1));
        yield Int.of(random.nextBoolean() ? value : value.negate());
      }
      default -> Int.of(new BigInteger(64 + random.nextInt(2200), random).negate());
    };
  }

  public ErlFloat floating() {
    return switch (random.nextInt(4)) {
      case 0 -> ErlFloat.of(-0.0);
      case 1 -> ErlFloat.of(random.nextBoolean() ? Double.MAX_VALUE : Double.MIN_VALUE);
      case 2 -> ErlFloat.of(random.nextInt(100) / 4.0);
      default -> ErlFloat.of((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(600) - 300));
    };
  }

  public Atom atom() {
    return switch (random.nextInt(4)) {
      case 0 -> Atom.of(ATOM_SAMPLES[random.nextInt(ATOM_SAMPLES.length)]);
      case 1 -> Atom.of("a".repeat(255));
      case 2 -> Atom.of("ж".repeat(1 + random.nextInt(255)));
      default -> Atom.of("atom_" + random.nextInt(300));
    };
  }

  public Binary binary() {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(10);
          case 2 -> random.nextInt(300);
          default -> big(4) ? random.nextInt(70_000) : random.nextInt(1000);
        };
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Binary.of(bytes);
  }

  public Term bits() {
    byte[] bytes = new byte[1 + random.nextInt(20)];
    random.nextBytes(bytes);
    return BitBinary.of(bytes, 1 + random.nextInt(7));
  }

  public Pid pid() {
    return new Pid(node(), random.nextInt(), random.nextInt(), creation());
  }

  public Port port() {
    long id = random.nextBoolean() ? random.nextInt() & 0xFFFFFFFFL : random.nextLong() >>> 20;
    return new Port(node(), id, creation());
  }

  public Ref ref() {
    int[] words = new int[3 + random.nextInt(3)];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextInt();
    }
    return Ref.of(node(), creation(), words);
  }

  public ExportFun exportFun() {
    return new ExportFun(
        Atom.of("lists"), Atom.of(random.nextBoolean() ? "map" : "foldl"), 2 + random.nextInt(2));
  }

  private Atom node() {
    return NODES[random.nextInt(NODES.length)];
  }

  private int creation() {
    return switch (random.nextInt(3)) {
      case 0 -> 1;
      case 1 -> (int) ((1L << 31) + 5);
      default -> random.nextInt();
    };
  }

  public Tuple tuple(int depth) {
    int arity = big(20) ? 256 + random.nextInt(50) : random.nextInt(6);
    return Tuple.of(terms(arity, depth));
  }

  public Term list(int depth) {
    return switch (random.nextInt(5)) {
      case 0 -> ErlList.NIL;
      case 1 -> byteString();
      case 2 -> ErlList.improper(List.of(terms(1 + random.nextInt(4), depth)), term(0));
      default -> ErlList.of(terms(random.nextInt(8), depth));
    };
  }

  private ErlList byteString() {
    int length = big(10) ? 65_535 + random.nextInt(2) : random.nextInt(40);
    Term[] elements = new Term[length];
    for (int i = 0; i < length; i++) {
      elements[i] = Int.of(random.nextInt(256));
    }
    return ErlList.of(elements);
  }

  public ErlMap map(int depth) {
    int size = big(8) ? 33 + random.nextInt(40) : random.nextInt(10);
    Map<Term, Term> entries = new LinkedHashMap<>();
    while (entries.size() < size) {
      Term key =
          switch (random.nextInt(4)) {
            case 0 -> Int.of(random.nextInt(5));
            case 1 -> ErlFloat.of(random.nextInt(5));
            default -> term(Math.min(depth, 1));
          };
      // OTP 25 takes 0.0 and -0.0 as the same key and refuses a map holding both.
      entries.put(key.equals(ErlFloat.of(-0.0)) ? ErlFloat.of(0.0) : key, term(depth));
    }
    return ErlMap.of(entries);
  }

  public Fun fun(int depth) {
    byte[] uniq = new byte[Fun.UNIQ_LENGTH];
    random.nextBytes(uniq);
    return new Fun(
        Atom.of("peerl_corpus"),
        random.nextInt(4),
        uniq,
        random.nextInt(10),
        random.nextInt(10),
        random.nextInt(1 << 27),
        pid(),
        terms(random.nextInt(4), depth));
  }

  private Term[] terms(int count, int depth) {
    List<Term> terms = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      terms.add(term(depth));
    }
    return terms.toArray(new Term[0]);
  }
}
