package dev.peerl.codec;

import java.math.BigInteger;

/**
 * The terms the codec benchmark encodes and decodes, shaped like distribution traffic: from a bare
 * {@code {msg, 42}} to a 4 KiB payload. Built once per trial, never on the measured path. In the
 * codec's test-jar, so that samples' {@code CodecBenchmark} and the codec's own tests (such as
 * {@code TermEncoderAllocationTest}) measure the same terms.
 */
public final class TermMix {
  private static final Atom REMOTE_NODE = Atom.of("beam@bench-host");
  private static final int REMOTE_CREATION = 0x5F3A_1B2C;

  private TermMix() {}

  /** {@code {msg, 42}}. */
  public static Term smallMessage() {
    return Tuple.of(Atom.of("msg"), Int.of(42));
  }

  /** {@code {'$gen_call', {Pid, Ref}, {add, 1, 2}}} from a process on another node. */
  public static Term genServerCall() {
    Pid caller = new Pid(REMOTE_NODE, 4711, 0, REMOTE_CREATION);
    Ref tag = Ref.of(REMOTE_NODE, REMOTE_CREATION, 0x0003_9A1F, 0x8E2C_0001, 0x00C4_77D2);
    return Tuple.of(
        Atom.of("$gen_call"),
        Tuple.of(caller, tag),
        Tuple.of(Atom.of("add"), Int.of(1), Int.of(2)));
  }

  /**
   * A record: {@code {person, alice, 3.14159, <<50 bytes>>, "hello world", 64-bit int, 2^100,
   * active}}.
   */
  public static Term record() {
    return Tuple.of(
        Atom.of("person"),
        Atom.of("alice"),
        ErlFloat.of(3.14159),
        Binary.of(pattern(50)),
        ErlList.ofCodePoints("hello world"),
        Int.of(1_234_567_890_123_456_789L),
        Int.of(BigInteger.ONE.shiftLeft(100)),
        Atom.of("active"));
  }

  /** 100 elements: the integers 0..99, every fourth replaced by one of a few atoms. */
  public static Term list() {
    Atom[] atoms = {Atom.of("ok"), Atom.of("error"), Atom.of("pending"), Atom.of("undefined")};
    Term[] elements = new Term[100];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = i % 4 == 3 ? atoms[(i / 4) % atoms.length] : Int.of(i);
    }
    return ErlList.of(elements);
  }

  /** A map of 10 atom keys to integers, binaries, a float, atoms, a list, a tuple and a pid. */
  public static Term map() {
    return ErlMap.of(
        Atom.of("id"), Int.of(1001),
        Atom.of("name"), Binary.of("Alice Liddell"),
        Atom.of("email"), Binary.of("alice@example.org"),
        Atom.of("active"), Atom.of(true),
        Atom.of("score"), ErlFloat.of(98.25),
        Atom.of("roles"), ErlList.of(Atom.of("admin"), Atom.of("dev")),
        Atom.of("created"), Int.of(1_700_000_000_123L),
        Atom.of("node"), REMOTE_NODE,
        Atom.of("owner"), new Pid(REMOTE_NODE, 90, 1, REMOTE_CREATION),
        Atom.of("version"), Tuple.of(Int.of(1), Int.of(4), Int.of(2)));
  }

  /** A 4 KiB binary. */
  public static Term binary4k() {
    return Binary.of(pattern(4096));
  }

  /** Every kind above, in the order above: the benchmark's {@code MIX}. */
  public static Term[] all() {
    return new Term[] {smallMessage(), genServerCall(), record(), list(), map(), binary4k()};
  }

  private static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }
}
