package dev.peerl.samples.bench;

import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.DecodeLimits;
import dev.peerl.codec.Etf;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermDecoder;
import dev.peerl.codec.TermEncoder;
import dev.peerl.codec.TermMix;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Peerl's ETF codec against JInterface, OTP's Java library, on the same terms: each kind is built
 * in Peerl's model, encoded once, and JInterface's objects are what JInterface decodes from those
 * bytes. Setup checks that both libraries write exactly the same bytes, so both sides of every
 * comparison do the same work.
 *
 * <p>Peerl decodes with one reused {@link TermDecoder} and encodes into one reused {@link
 * ExpandableArrayBuffer}, as a connection does; {@code peerlDecodeSliced} decodes without copying
 * binaries out of the input, which only callers that keep the input buffer may do. JInterface
 * decodes with a new {@link OtpInputStream} and encodes into a new {@link OtpOutputStream} per
 * message, as its mailboxes do; {@code jinterfaceEncodeReused} resets one stream instead,
 * JInterface's best case. The encoded bytes are not copied out by either library.
 *
 * <p>Run with {@code scripts/bench-codec.sh} or {@code java -jar
 * samples/target/peerl-benchmarks.jar CodecBenchmark -prof gc}; {@code gc.alloc.rate.norm} is the
 * bytes allocated per operation. One operation is one term, or all six for {@code MIX}. JMH options
 * ({@code -wi}, {@code -i}, {@code -f}, {@code -p kind=MAP}) override the defaults below.
 *
 * <p>Each fork's heap is fixed and touched at start ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}): on
 * a virtual machine whose fresh memory costs a fault per page at first touch, a benchmark that
 * allocates slowly otherwise spends its run faulting in new young-generation pages while one that
 * allocates fast reaches reused ones within its warmup (docs/performance.md, session 18).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class CodecBenchmark {
  // term_to_binary's version byte, which OtpOutputStream does not write by itself.
  private static final int VERSION = 131;

  /** The term kinds; {@code MIX} is all the others, one after another. */
  public enum Kind {
    SMALL(TermMix::smallMessage),
    GEN_CALL(TermMix::genServerCall),
    RECORD(TermMix::record),
    LIST(TermMix::list),
    MAP(TermMix::map),
    BINARY_4K(TermMix::binary4k),
    MIX(null);

    private final Supplier<Term> term;

    Kind(Supplier<Term> term) {
      this.term = term;
    }

    Term[] terms() {
      if (term != null) {
        return new Term[] {term.get()};
      }
      return Arrays.stream(values())
          .filter(kind -> kind.term != null)
          .map(kind -> kind.term.get())
          .toArray(Term[]::new);
    }
  }

  @Param public Kind kind;

  private final TermEncoder encoder = new TermEncoder();
  private final TermDecoder decoder = new TermDecoder();
  private final TermDecoder slicingDecoder =
      new TermDecoder(DecodeLimits.DEFAULT.withSliceBinaries(true));
  private final ExpandableArrayBuffer output = new ExpandableArrayBuffer(8192);
  private final OtpOutputStream reusedStream = new OtpOutputStream();

  private Term[] terms;
  private byte[][] wire;
  private UnsafeBuffer[] wireBuffers;
  private OtpErlangObject[] otpTerms;

  @Setup
  public void setUp() throws DecodeException, OtpErlangDecodeException {
    terms = kind.terms();
    wire = new byte[terms.length][];
    wireBuffers = new UnsafeBuffer[terms.length];
    otpTerms = new OtpErlangObject[terms.length];
    for (int i = 0; i < terms.length; i++) {
      wire[i] = Etf.termToBinary(terms[i]);
      wireBuffers[i] = new UnsafeBuffer(wire[i]);
      otpTerms[i] = new OtpInputStream(wire[i]).read_any();
      checkSameTerm(i);
    }
  }

  private void checkSameTerm(int i) throws DecodeException {
    Term decoded = decoder.wrap(wireBuffers[i], 0, wire[i].length).readVersionedTerm();
    if (!decoded.equals(terms[i])) {
      throw new IllegalStateException("Peerl does not read back " + terms[i] + ": " + decoded);
    }
    byte[] otpBytes = otpEncode(new OtpOutputStream(), otpTerms[i]).toByteArray();
    if (!Arrays.equals(otpBytes, wire[i])) {
      throw new IllegalStateException(
          "JInterface writes " + terms[i] + " differently: the comparison would be unequal work");
    }
  }

  @Benchmark
  public void peerlDecode(Blackhole blackhole) throws DecodeException {
    for (int i = 0; i < wireBuffers.length; i++) {
      blackhole.consume(decoder.wrap(wireBuffers[i], 0, wire[i].length).readVersionedTerm());
    }
  }

  /**
   * Decode with {@link DecodeLimits#withSliceBinaries}: binaries share the input's array instead of
   * being copied, for callers that keep the buffer. Not JInterface's behaviour, so it is reported
   * as its own row and never as the comparison.
   */
  @Benchmark
  public void peerlDecodeSliced(Blackhole blackhole) throws DecodeException {
    for (int i = 0; i < wireBuffers.length; i++) {
      blackhole.consume(slicingDecoder.wrap(wireBuffers[i], 0, wire[i].length).readVersionedTerm());
    }
  }

  @Benchmark
  public void peerlEncode(Blackhole blackhole) {
    for (Term term : terms) {
      blackhole.consume(encoder.encodeVersioned(term, output, 0));
    }
  }

  @Benchmark
  public void jinterfaceDecode(Blackhole blackhole) throws OtpErlangDecodeException {
    for (byte[] bytes : wire) {
      blackhole.consume(new OtpInputStream(bytes).read_any());
    }
  }

  @Benchmark
  public void jinterfaceEncode(Blackhole blackhole) {
    for (OtpErlangObject term : otpTerms) {
      blackhole.consume(otpEncode(new OtpOutputStream(), term));
    }
  }

  @Benchmark
  public void jinterfaceEncodeReused(Blackhole blackhole) {
    for (OtpErlangObject term : otpTerms) {
      reusedStream.reset();
      blackhole.consume(otpEncode(reusedStream, term).size());
    }
  }

  private static OtpOutputStream otpEncode(OtpOutputStream out, OtpErlangObject term) {
    out.write1(VERSION);
    out.write_any(term);
    return out;
  }
}
