package dev.peerl.epmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class EpmdResponseDecoderTest {
  private final EpmdResponseDecoder decoder =
      new EpmdResponseDecoder("localhost:4369", new EpmdRequest.PortPlease2("foo"));

  @Test
  void decodesPort2OnlyOnceEveryByteArrived() {
    NodeInfo node = new NodeInfo("foo", 4242, 72, 0, 6, 5, ByteString.fromString("extra"));
    ByteString answer = EpmdResponseEncoder.port2(Optional.of(node));
    for (int length = 0; length < answer.size(); length++) {
      assertEquals(Optional.empty(), decoder.port2(answer.take(length)), "prefix " + length);
    }
    assertEquals(Optional.of(node), decoder.port2(answer).orElseThrow().node());
  }

  @Test
  void decodesAnUnknownNameAsEmpty() {
    ByteString answer = EpmdResponseEncoder.port2(Optional.empty());
    assertEquals(Optional.empty(), decoder.port2(answer).orElseThrow().node());
  }

  @Test
  void decodesBothAlive2AnswersOnlyWhenComplete() {
    ByteString modern = EpmdResponseEncoder.alive2(6, OptionalLong.of(0xFFFF_FFF0L));
    ByteString old = EpmdResponseEncoder.alive2(5, OptionalLong.of(3));
    for (int length = 0; length < modern.size(); length++) {
      assertEquals(Optional.empty(), decoder.alive2(modern.take(length)));
    }
    assertEquals(Optional.of(0xFFFF_FFF0L), decoder.alive2(modern));
    assertEquals(Optional.of(3L), decoder.alive2(old));
  }

  @Test
  void reportsARefusedRegistration() {
    EpmdException refused =
        assertThrows(
            EpmdException.class,
            () -> decoder.alive2(EpmdResponseEncoder.alive2(6, OptionalLong.empty())));
    assertTrue(refused.reason().contains("refused"));
  }

  @Test
  void rejectsAnAnswerThatIsNotEpmd() {
    assertThrows(EpmdException.class, () -> decoder.port2(ByteString.fromString("HTTP/1.1")));
  }

  @Test
  void parsesNamesAsOtpWritesThem() {
    ByteString answer =
        ByteString.fromArray(new byte[] {0, 0, 0x11, 0x11})
            .concat(ByteString.fromString("name foo at port 4242\nname bar_1 at port 35001\n"));
    assertEquals(
        List.of(new RegisteredNode("foo", 4242), new RegisteredNode("bar_1", 35001)),
        decoder.names(answer));
    assertEquals(Optional.of(0x1111L), decoder.namesPort(answer));
  }
}
