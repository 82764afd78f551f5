package dev.peerl.samples.services;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;

/** Atoms and small helpers the services share. */
final class Terms {
  static final Atom OK = Atom.OK;
  static final Atom ERROR = Atom.ERROR;
  static final Atom BADARG = Atom.of("badarg");
  static final Atom UNKNOWN_CALL = Atom.of("unknown_call");

  private Terms() {}

  static boolean isTagged(Term term, Atom tag, int arity) {
    return term instanceof Tuple t && t.isTagged(tag, arity);
  }

  static Term ok(Term value) {
    return Tuple.of(OK, value);
  }

  static Term error(Term reason) {
    return Tuple.of(ERROR, reason);
  }

  /** The reply to a request a service does not know: {@code {error, {unknown_call, Request}}}. */
  static Term unknownCall(Term request) {
    return error(Tuple.of(UNKNOWN_CALL, request));
  }
}
