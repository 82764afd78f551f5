package dev.peerl.runtime.handshake;

import static dev.peerl.runtime.handshake.DistFlags.DFLAG_ALIAS;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_BIG_CREATION;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_DIST_HDR_ATOM_CACHE;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_DIST_MONITOR;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_DIST_MONITOR_NAME;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_EXIT_PAYLOAD;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_FRAGMENTS;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_MANDATORY_25_DIGEST;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_PUBLISHED;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_SEND_SENDER;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_SPAWN;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_UNLINK_ID;
import static dev.peerl.runtime.handshake.DistFlags.DFLAG_V4_NC;
import static dev.peerl.runtime.handshake.DistFlags.MANDATORY_OTP25;
import static dev.peerl.runtime.handshake.DistFlags.PEERL_HIDDEN;
import static dev.peerl.runtime.handshake.DistFlags.chosen;
import static dev.peerl.runtime.handshake.DistFlags.missingMandatory;
import static dev.peerl.runtime.handshake.DistFlags.offered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DistFlagsTest {
  @Test
  void mandatorySetIsOtp25s() {
    assertEquals(0x1070F94L, MANDATORY_OTP25);
    assertEquals(0x4000000L, DFLAG_MANDATORY_25_DIGEST);
  }

  @Test
  void offersWhatOtp26RequiresAndTheAtomCacheAndFragmentsButNotPublished() {
    long offered = offered(true);
    assertEquals(MANDATORY_OTP25, offered & MANDATORY_OTP25);
    for (long flag :
        new long[] {
          DFLAG_UNLINK_ID, DFLAG_V4_NC, DFLAG_DIST_MONITOR, DFLAG_DIST_MONITOR_NAME,
          DFLAG_SEND_SENDER, DFLAG_EXIT_PAYLOAD, DFLAG_SPAWN, DFLAG_ALIAS,
          DFLAG_DIST_HDR_ATOM_CACHE, DFLAG_FRAGMENTS
        }) {
      assertEquals(flag, offered & flag, DistFlags.toString(flag));
    }
    assertEquals(0, offered & DFLAG_PUBLISHED);
    assertEquals(DFLAG_PUBLISHED, offered(false) & DFLAG_PUBLISHED);
  }

  @Test
  void theAtomCacheAndFragmentsCanEachBeLeftOut() {
    assertEquals(PEERL_HIDDEN, offered(true, true, true));
    assertEquals(PEERL_HIDDEN & ~DFLAG_DIST_HDR_ATOM_CACHE, offered(true, false, true));
    assertEquals(PEERL_HIDDEN & ~DFLAG_FRAGMENTS, offered(true, true, false));
    assertEquals(
        (PEERL_HIDDEN | DFLAG_PUBLISHED) & ~(DFLAG_DIST_HDR_ATOM_CACHE | DFLAG_FRAGMENTS),
        offered(false, false, false));
    assertEquals(0, missingMandatory(offered(true, false, false)));
  }

  @Test
  void theDigestFlagStandsForEveryMandatoryFlag() {
    assertEquals(0, missingMandatory(DFLAG_MANDATORY_25_DIGEST));
    assertEquals(
        DFLAG_SPAWN | MANDATORY_OTP25,
        chosen(PEERL_HIDDEN, DFLAG_MANDATORY_25_DIGEST | DFLAG_SPAWN));
    assertEquals(DFLAG_BIG_CREATION, missingMandatory(MANDATORY_OTP25 & ~DFLAG_BIG_CREATION));
  }

  @Test
  void rendersFlagsByNameAndUnknownBitsInHex() {
    String rendered = DistFlags.toString(DFLAG_PUBLISHED | DFLAG_ALIAS | 0x40L);
    assertEquals("0x800000041 [PUBLISHED, ALIAS, 0x40]", rendered);
    assertTrue(DistFlags.toString(PEERL_HIDDEN).contains("HANDSHAKE_23"));
  }
}
