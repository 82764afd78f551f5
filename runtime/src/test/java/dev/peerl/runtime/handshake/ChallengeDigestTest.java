package dev.peerl.runtime.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class ChallengeDigestTest {
  @Test
  void digestsTheCookieThenTheChallengeAsUnsignedDecimal() {
    // erlang:md5([atom_to_list(secret) | integer_to_list(4294967295)]) on OTP 25
    ByteString expected =
        ByteString.fromArray(HexFormat.of().parseHex("5DFD181E69AA587CC812EB333E6536B6"));
    assertEquals(expected, ChallengeDigest.of("secret", -1));
  }

  @Test
  void matchesOnlyTheSameDigest() {
    ByteString digest = ChallengeDigest.of("secret", 42);
    assertTrue(ChallengeDigest.matches(digest, ChallengeDigest.of("secret", 42)));
    assertFalse(ChallengeDigest.matches(digest, ChallengeDigest.of("Secret", 42)));
    assertFalse(ChallengeDigest.matches(digest, ChallengeDigest.of("secret", 43)));
  }
}
