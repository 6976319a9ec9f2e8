package com.companion.character.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.companion.character.card.CardJson;
import com.companion.character.card.CardLimits;
import com.companion.character.card.CardPng;
import com.companion.character.card.CardReader;
import com.companion.character.card.CardValidator;
import com.companion.character.card.CardWriter;
import com.companion.character.card.CharacterCard;
import com.companion.character.card.png.PngFile;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;

/**
 * The readers of untrusted card files, fuzzed. Whatever the bytes, the import either yields a valid
 * card that can be stored and read back, or refuses with a 4xx problem; anything else (an
 * unexpected exception, which the API would answer 500, or a hang) is a finding.
 *
 * <p>{@code ./mvnw test} fuzzes it for {@code maxDuration} in a JVM of its own (the {@code fuzz}
 * execution of surefire) after running the seeds under {@code
 * src/test/resources/.../CardReadersFuzzTestInputs}; longer runs: SECURITY.md, "Fuzzing".
 */
class CardReadersFuzzTest {

  private static final CardValidator VALIDATOR = new CardValidator(CardLimits.defaults());

  /**
   * One fuzz test per module (Jazzer fuzzes one at a time): bytes that start like a PNG go to the
   * PNG reader, everything else to the JSON readers, as the import endpoint itself decides.
   */
  @FuzzTest(maxDuration = "10s")
  void cardFilesAreReadOrRefused(byte[] file) {
    if (PngFile.hasSignature(file)) {
      readOrRefuse(() -> CardReader.readCardFile(CardPng.extract(file).card()));
    } else {
      readOrRefuse(() -> CardReader.readCardFile(CardJson.parseObject(file)));
      readOrRefuse(() -> CardReader.readRequestFields(CardJson.parseObject(file)));
    }
  }

  private interface Read {
    CharacterCard read();
  }

  private static void readOrRefuse(Read read) {
    CharacterCard card;
    try {
      card = VALIDATOR.validate(read.read());
    } catch (PlatformProblem refused) {
      assertThat(refused.getStatusCode().is4xxClientError()).isTrue();
      return;
    }
    // what was accepted must survive storage and export: a stored card that cannot be read back
    // would fail every later GET
    CharacterCard stored = CardReader.readStored(CardWriter.stored(card));
    assertThat(stored.name()).isEqualTo(card.name());
    CardPng.extract(CardPng.embed(null, card, Instant.EPOCH, Instant.EPOCH));
  }
}
