package com.companion.character.card;

import com.companion.character.card.png.MalformedPngException;
import com.companion.character.card.png.PngFile;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cards inside PNG images, the way card tools exchange them: base64 of the V2 card JSON in a {@code
 * tEXt} chunk named {@code chara}, and of the V3 card JSON in one named {@code ccv3}.
 */
public final class CardPng {

  public static final String V2_KEYWORD = "chara";
  public static final String V3_KEYWORD = "ccv3";
  private static final Set<String> CARD_KEYWORDS = Set.of(V2_KEYWORD, V3_KEYWORD);

  /** Shown when a character has no PNG avatar: a neutral grey portrait-shaped image. */
  private static final byte[] PLACEHOLDER = PngFile.solid(64, 96, 0x9aa0a6);

  private CardPng() {}

  /** A card read out of a PNG, and the image without its card chunks. */
  public record Extracted(ObjectNode card, byte[] image) {}

  /**
   * Reads the card of a PNG: {@code ccv3} first (the V3 spec says so), {@code chara} when there is
   * no readable {@code ccv3}.
   */
  public static Extracted extract(byte[] png) {
    List<PngFile.Chunk> chunks;
    try {
      chunks = PngFile.read(png);
    } catch (MalformedPngException e) {
      throw CardProblems.malformed("malformed PNG: " + e.getMessage());
    }
    Optional<byte[]> v3 = PngFile.textValue(chunks, V3_KEYWORD);
    Optional<byte[]> v2 = PngFile.textValue(chunks, V2_KEYWORD);
    if (v3.isEmpty() && v2.isEmpty()) {
      throw CardProblems.noCard();
    }
    PlatformProblem firstFailure = null;
    for (Optional<byte[]> text : List.of(v3, v2)) {
      if (text.isEmpty()) {
        continue;
      }
      try {
        ObjectNode card = CardJson.parseObject(decodeText(text.get()));
        byte[] image = PngFile.write(PngFile.withoutText(chunks, CARD_KEYWORDS));
        return new Extracted(card, image);
      } catch (PlatformProblem e) {
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    throw firstFailure;
  }

  /** Writes the card into a copy of the image as both {@code chara} (V2) and {@code ccv3} (V3). */
  public static byte[] embed(byte[] image, CharacterCard card, Instant created, Instant modified) {
    List<PngFile.Chunk> chunks =
        PngFile.withoutText(PngFile.read(image == null ? PLACEHOLDER : image), CARD_KEYWORDS);
    return PngFile.write(
        PngFile.beforeEnd(
            chunks,
            List.of(
                PngFile.text(V2_KEYWORD, base64(CardJson.writeBytes(CardWriter.v2(card)))),
                PngFile.text(
                    V3_KEYWORD,
                    base64(CardJson.writeBytes(CardWriter.v3(card, created, modified)))))));
  }

  /** Chunk text is base64 in practice; a few tools write the JSON itself. */
  private static byte[] decodeText(byte[] text) {
    String ascii = new String(text, StandardCharsets.ISO_8859_1).strip();
    if (ascii.startsWith("{")) {
      return text;
    }
    String compact = ascii.replaceAll("\\s+", "");
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException notStandard) {
      try {
        return Base64.getUrlDecoder().decode(compact);
      } catch (IllegalArgumentException e) {
        throw CardProblems.malformed("the card chunk is neither base64 nor JSON");
      }
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
