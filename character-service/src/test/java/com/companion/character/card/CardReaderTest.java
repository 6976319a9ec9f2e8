package com.companion.character.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.character.TestCards;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CardReaderTest {

  private final CardValidator validator = new CardValidator(CardLimits.defaults());

  private static ObjectNode json(String text) {
    return CardJson.parseObject(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryV2FieldIncludingTheLorebook() {
    CharacterCard card = CardReader.readCardFile(json(TestCards.v2("Keeper")));
    assertThat(card.name()).isEqualTo("Keeper");
    assertThat(card.personality()).isEqualTo("calm, dry humour");
    assertThat(card.mesExample()).isEqualTo("<START>\n{{char}}: Tea?");
    assertThat(card.alternateGreetings()).containsExactly("Another night.", "You again?");
    assertThat(card.tags()).containsExactly("fantasy", "slow burn");
    assertThat(card.characterVersion()).isEqualTo("1.2");
    CharacterBook book = card.characterBook();
    assertThat(book.name()).isEqualTo("Coast lore");
    assertThat(book.scanDepth()).isEqualTo(8);
    assertThat(book.tokenBudget()).isEqualTo(512);
    assertThat(book.recursiveScanning()).isFalse();
    BookEntry entry = book.entries().get(0);
    assertThat(entry.keys()).containsExactly("lamp", "light");
    assertThat(entry.secondaryKeys()).containsExactly("storm");
    assertThat(entry.selective()).isTrue();
    assertThat(entry.insertionOrder()).isEqualTo(10);
    assertThat(entry.priority()).isEqualTo(5);
    assertThat(entry.position()).isEqualTo("after_char");
    assertThat(entry.id().intValue()).isEqualTo(1);
    assertThat(entry.comment()).isEqualTo("the lamp");
    assertThat(entry.extensions().toString()).isEqualTo("{\"position\":1,\"probability\":100}");
  }

  @Test
  void extensionsSurviveWriteAndReadByteForByte() {
    CharacterCard card = CardReader.readCardFile(json(TestCards.v2("Keeper")));
    String extensions = CardJson.write(card.extensions());
    assertThat(extensions)
        .isEqualTo(
            "{\"talkativeness\":\"0.7\",\"fav\":false,\"depth_prompt\":{\"prompt\":\"x\",\"depth\":4},"
                + "\"vendor_x\":{\"b\":1.50,\"a\":[1,2,{\"z\":null}],\"big\":12345678901234567890}}");
    CharacterCard stored = CardReader.readStored(CardWriter.stored(card));
    assertThat(stored).isEqualTo(card);
    assertThat(CardJson.write(stored.extensions())).isEqualTo(extensions);
  }

  @Test
  void readsV3Additions() {
    CharacterCard card = CardReader.readCardFile(json(TestCards.v3("Mira Vale")));
    assertThat(card.nickname()).isEqualTo("Mira");
    assertThat(card.groupOnlyGreetings()).containsExactly("Hello, everyone.");
    assertThat(card.creatorNotesMultilingual()).containsEntry("zh", "天文学家");
    assertThat(card.source()).containsExactly("https://example.org/mira");
    BookEntry entry = card.characterBook().entries().get(0);
    assertThat(entry.useRegex()).isTrue();
    assertThat(entry.id().stringValue()).isEqualTo("e-1");
    assertThat(entry.position()).isEqualTo("before_char");
  }

  @Test
  void readsFlatV1CardsWithOldFieldNames() {
    CharacterCard card = CardReader.readCardFile(json(TestCards.v1("Old Salt")));
    assertThat(card.name()).isEqualTo("Old Salt");
    assertThat(card.firstMes()).isEqualTo("Arr.");
    assertThat(card.tags()).containsExactly("pirate", "sea");
    assertThat(card.extensions().isEmpty()).isTrue();
    assertThat(card.characterBook()).isNull();
  }

  @Test
  void toleratesMissingAndMistypedFields() {
    CharacterCard card =
        CardReader.readCardFile(
            json(
                """
                {"spec":"chara_card_v2","data":{"description":42,"alternate_greetings":"Hi",
                 "extensions":"oops","character_book":{"entries":{"0":{"key":["a"],
                 "keysecondary":[],"content":"c","order":"7","disable":true,"position":1}}}}}
                """));
    assertThat(card.name()).isEqualTo(CardReader.UNNAMED);
    assertThat(card.description()).isEqualTo("42");
    assertThat(card.alternateGreetings()).containsExactly("Hi");
    assertThat(card.extensions().isEmpty()).isTrue();
    BookEntry entry = card.characterBook().entries().get(0);
    assertThat(entry.keys()).containsExactly("a");
    assertThat(entry.insertionOrder()).isEqualTo(7);
    assertThat(entry.enabled()).isFalse();
    assertThat(entry.position()).isEqualTo("after_char");
  }

  @Test
  void strictModeNamesTheWrongField() {
    assertThatThrownBy(
            () -> CardReader.readRequestFields(json("{\"name\":\"A\",\"tags\":\"x,y\"}")))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> {
              assertThat(p.getStatusCode().value()).isEqualTo(400);
              assertThat(p.getBody().getProperties()).containsEntry("field", "tags");
            });
    assertThatThrownBy(() -> CardReader.readRequestFields(json("{\"description\":\"d\"}")))
        .isInstanceOf(PlatformProblem.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> CardReader.readRequestFields(json("{\"name\":\"a\\nb\"}")))
        .isInstanceOf(PlatformProblem.class);
  }

  @Test
  void markupInNamesIsKeptAsPlainText() {
    CharacterCard card =
        CardReader.readRequestFields(json("{\"name\":\"<b>Bold</b> & <script>x</script>\"}"));
    assertThat(card.name()).isEqualTo("<b>Bold</b> & <script>x</script>");
  }

  @Test
  void rejectsInvalidUtf8AndUnpairedSurrogates() {
    byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThatThrownBy(() -> CardJson.parseObject(invalid))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> assertThat(p.getBody().getType().toString()).endsWith("/invalid-text"));
    assertThatThrownBy(() -> CardReader.readRequestFields(json("{\"name\":\"a\\ud800b\"}")))
        .isInstanceOf(PlatformProblem.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void rejectsMalformedJson() {
    for (String bad : new String[] {"{\"name\":", "[1,2]", "{} trailing", "", "nul"}) {
      assertThatThrownBy(() -> CardJson.parseObject(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOfSatisfying(
              PlatformProblem.class, p -> assertThat(p.getStatusCode().value()).isEqualTo(400));
    }
  }

  @Test
  void limitsCountCodePointsAndNameTheField() {
    String chinese = "龍".repeat(32_000);
    CharacterCard ok =
        CardReader.readRequestFields(json("{\"name\":\"n\",\"description\":\"" + chinese + "\"}"));
    validator.validate(ok);
    CharacterCard tooLong =
        CardReader.readRequestFields(
            json("{\"name\":\"n\",\"scenario\":\"" + "a".repeat(32_001) + "\"}"));
    assertThatThrownBy(() -> validator.validate(tooLong))
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> {
              assertThat(p.getStatusCode().value()).isEqualTo(422);
              assertThat(p.getBody().getProperties())
                  .containsEntry("field", "scenario")
                  .containsEntry("limit", 32_000);
            });
    CharacterCard longName =
        CardReader.readRequestFields(json("{\"name\":\"" + "n".repeat(129) + "\"}"));
    assertThatThrownBy(() -> validator.validate(longName)).isInstanceOf(PlatformProblem.class);
  }
}
