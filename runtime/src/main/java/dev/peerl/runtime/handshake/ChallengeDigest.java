package dev.peerl.runtime.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.apache.pekko.util.ByteString;

/**
 * The challenge and digest of the handshake. The digest is {@code md5(Cookie ++
 * integer_to_list(Challenge))}: the cookie first, then the challenge as unsigned decimal text, as
 * OTP's {@code dist_util:gen_digest/2} computes it (the erl_dist_protocol page has the order
 * reversed).
 */
final class ChallengeDigest {
  static final int LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ChallengeDigest() {}

  /** A fresh random 32-bit challenge. */
  static int newChallenge() {
    return RANDOM.nextInt();
  }

  /** The digest a peer with {@code cookie} computes for {@code challenge}. */
  static ByteString of(String cookie, int challenge) {
    MessageDigest md5 = md5();
    // Erlang cookies are atoms written as Latin-1 lists: one byte per character.
    md5.update(cookie.getBytes(StandardCharsets.ISO_8859_1));
    md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
    return ByteString.fromArrayUnsafe(md5.digest());
  }

  /** Compares two digests in constant time, so a peer learns nothing from the timing. */
  static boolean matches(ByteString expected, ByteString actual) {
    return MessageDigest.isEqual(expected.toArray(), actual.toArray());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide MD5", e);
    }
  }
}
