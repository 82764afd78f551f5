package dev.peerl.codec;

/**
 * A float. Erlang has no NaN or infinities: the factory refuses them. {@code 0.0} and {@code -0.0}
 * are different terms here, as they are for {@code =:=} since OTP 27 (OTP 25 took them as equal)
 * and as their encodings are.
 */
public record ErlFloat(double value) implements Term {
  public ErlFloat {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Erlang floats are finite: " + value);
    }
  }

  public static ErlFloat of(double value) {
    return new ErlFloat(value);
  }

  @Override
  public String toString() {
    return TermPrinter.floatText(value);
  }
}
