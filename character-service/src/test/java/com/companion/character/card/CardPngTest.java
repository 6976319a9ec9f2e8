package com.companion.character.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.character.TestCards;
import com.companion.character.card.png.MalformedPngException;
import com.companion.character.card.png.PngFile;
import com.companion.platform.web.PlatformProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CardPngTest {

  @Test
  void readsTheChunksOfAnImageIoPng() {
    byte[] png = TestCards.png(Map.of("chara", "abc", "Comment", "hello"));
    var chunks = PngFile.read(png);
    assertThat(chunks.get(0).type()).isEqualTo("IHDR");
    assertThat(chunks.get(chunks.size() - 1).type()).isEqualTo("IEND");
    assertThat(PngFile.textValue(chunks, "chara"))
        .hasValueSatisfying(
            v -> assertThat(new String(v, StandardCharsets.ISO_8859_1)).isEqualTo("abc"));
  }

  @Test
  void extractsV2FromChara() {
    byte[] png = TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("Keeper"))));
    CardPng.Extracted extracted = CardPng.extract(png);
    assertThat(CardReader.readCardFile(extracted.card()).name()).isEqualTo("Keeper");
    assertThat(TestCards.textChunks(extracted.image())).doesNotContainKey("chara");
  }

  @Test
  void prefersCcv3AndFallsBackToCharaWhenCcv3IsBroken() {
    byte[] both =
        TestCards.png(
            Map.of(
                "chara", TestCards.base64(TestCards.v2("Old")),
                "ccv3", TestCards.base64(TestCards.v3("New"))));
    assertThat(CardReader.readCardFile(CardPng.extract(both).card()).name()).isEqualTo("New");
    byte[] brokenV3 =
        TestCards.png(
            Map.of("chara", TestCards.base64(TestCards.v2("Old")), "ccv3", "!!!not base64!!!"));
    assertThat(CardReader.readCardFile(CardPng.extract(brokenV3).card()).name()).isEqualTo("Old");
  }

  @Test
  void embedWritesBothChunksWithValidCrcsAndKeepsTheImage() {
    CharacterCard card =
        CardReader.readCardFile(
            CardJson.parseObject(TestCards.v2("Keeper").getBytes(StandardCharsets.UTF_8)));
    byte[] source = TestCards.png(Map.of("chara", "stale", "Software", "paint"));
    byte[] out = CardPng.embed(source, card, Instant.EPOCH, Instant.EPOCH);
    assertThat(TestCards.crcsValid(out)).isTrue();
    Map<String, String> texts = TestCards.textChunks(out);
    assertThat(texts).containsKeys("chara", "ccv3").containsEntry("Software", "paint");
    String v2 = new String(Base64.getDecoder().decode(texts.get("chara")), StandardCharsets.UTF_8);
    String v3 = new String(Base64.getDecoder().decode(texts.get("ccv3")), StandardCharsets.UTF_8);
    assertThat(v2).startsWith("{\"spec\":\"chara_card_v2\"");
    assertThat(v3).startsWith("{\"spec\":\"chara_card_v3\"");
    assertThat(CardReader.readCardFile(CardPng.extract(out).card())).isEqualTo(card);
  }

  @Test
  void placeholderImageDecodes() throws Exception {
    byte[] out =
        CardPng.embed(
            null,
            CardReader.readRequestFields(CardJson.parseObject("{\"name\":\"x\"}".getBytes())),
            Instant.EPOCH,
            Instant.EPOCH);
    assertThat(ImageIO.read(new ByteArrayInputStream(out))).isNotNull();
    assertThat(TestCards.crcsValid(out)).isTrue();
  }

  @Test
  void rejectsMalformedPngs() {
    byte[] good = TestCards.png(Map.of("chara", TestCards.base64(TestCards.v2("K"))));
    byte[] badCrc = good.clone();
    badCrc[30] ^= 0x01; // inside IHDR data
    byte[] truncated = Arrays.copyOf(good, good.length - 20);
    byte[] noSignature = Arrays.copyOfRange(good, 8, good.length);
    byte[] hugeLength = good.clone();
    hugeLength[8] = 0x7f;
    for (byte[] bad : new byte[][] {badCrc, truncated, noSignature, hugeLength, new byte[0]}) {
      assertThatThrownBy(() -> PngFile.read(bad)).isInstanceOf(MalformedPngException.class);
      assertThatThrownBy(() -> CardPng.extract(bad))
          .isInstanceOfSatisfying(
              PlatformProblem.class, p -> assertThat(p.getStatusCode().value()).isEqualTo(400));
    }
  }

  @Test
  void aPngWithoutCardIs422() {
    assertThatThrownBy(() -> CardPng.extract(TestCards.png(Map.of("Comment", "just a picture"))))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> {
              assertThat(p.getStatusCode().value()).isEqualTo(422);
              assertThat(p.getBody().getType().toString()).endsWith("/no-card-in-image");
            });
  }

  @Test
  void cardChunkWithInvalidUtf8IsRejected() {
    byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'};
    byte[] png = TestCards.png(Map.of("chara", Base64.getEncoder().encodeToString(invalid)));
    assertThatThrownBy(() -> CardPng.extract(png))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> assertThat(p.getBody().getType().toString()).endsWith("/invalid-text"));
  }
}
