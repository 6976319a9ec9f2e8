package com.companion.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.catalog.Persona;
import com.companion.chat.model.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAssemblerTest {

  private final PromptAssembler assembler = new PromptAssembler(Cards.WORDS, Cards.SETTINGS);

  private PromptInput input(
      com.companion.chat.catalog.CharacterCard card, List<HistoryMessage> history, int budget) {
    return new PromptInput(
        card,
        "Robin",
        new Persona("p1", "Robin", "a young knight"),
        List.of(),
        "They met at dawn.",
        List.of("Robin fears the sea"),
        history,
        budget);
  }

  @Test
  void laysOutCardPersonaMemoryExamplesHistoryAndPostHistoryInstructions() {
    var card = Cards.card("Play {{char}}. {{original}}", "Stay in character, {{char}}.", null);
    List<HistoryMessage> history =
        List.of(
            HistoryMessage.character("c1", "Ada", "Hello {{user}}"), HistoryMessage.user("Hi Ada"));

    Prompt prompt = assembler.assemble(input(card, history, 1000));

    List<ChatMessage> messages = prompt.messages();
    String system = messages.getFirst().content();
    assertThat(system)
        .startsWith("Play Ada. Default prompt for Ada and Robin.")
        .contains("Ada is a bard who sings for Robin.")
        .contains("Ada's personality: cheerful")
        .contains("Scenario: A tavern.")
        .contains("About Robin: a young knight")
        .contains("Summary of the story so far: They met at dawn.")
        .contains("Things to remember:\n- Robin fears the sea")
        .contains("Example dialogue:\nRobin: Hi\nAda: Well met!")
        .contains("Example dialogue:\nRobin: Song?\nAda: Always.");
    assertThat(messages.get(1)).isEqualTo(ChatMessage.assistant("Hello Robin"));
    assertThat(messages.get(2)).isEqualTo(ChatMessage.user("Hi Ada", "Robin"));
    assertThat(messages.getLast()).isEqualTo(ChatMessage.system("Stay in character, Ada."));
    assertThat(prompt.historyMessages()).isEqualTo(2);
  }

  @Test
  void withoutACardSystemPromptTheDefaultIsUsed() {
    Prompt prompt =
        assembler.assemble(
            input(Cards.card(null, null, null), List.of(HistoryMessage.user("Hi")), 500));
    assertThat(prompt.messages().getFirst().content())
        .startsWith("Default prompt for Ada and Robin.");
  }

  @Test
  void dropsExamplesBeforeHistoryAndOldHistoryBeforeNewHistory() {
    List<HistoryMessage> history = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      history.add(HistoryMessage.user("message number " + i + " with some words"));
    }
    Prompt prompt = assembler.assemble(input(Cards.card(null, null, null), history, 150));

    assertThat(prompt.tokens()).isLessThanOrEqualTo(150);
    assertThat(prompt.messages().getLast().content())
        .isEqualTo("message number 39 with some words");
    assertThat(prompt.messages().getFirst().content()).doesNotContain("Example dialogue");
    assertThat(prompt.historyMessages()).isBetween(2, 39);
    // the history kept is the newest, without gaps
    List<String> kept =
        prompt.messages().stream()
            .filter(m -> m.role().equals("user"))
            .map(ChatMessage::content)
            .toList();
    int first = 40 - kept.size();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).isEqualTo("message number " + (first + i) + " with some words");
    }
  }

  @Test
  void cutsTheNewestMessageFromTheFrontOnlyWhenItAloneIsTooLong() {
    String longText = "word ".repeat(300) + "the end";
    Prompt prompt =
        assembler.assemble(
            input(Cards.card(null, null, null), List.of(HistoryMessage.user(longText)), 60));

    assertThat(prompt.tokens()).isLessThanOrEqualTo(60);
    assertThat(prompt.newestTruncated()).isTrue();
    assertThat(prompt.messages().getLast().content()).endsWith("the end");
  }

  @Test
  void placesActivatedLoreBeforeOrAfterTheCharacterInInsertionOrder() {
    LoreEntry castle =
        Cards.entry("castle", List.of("castle"), "The castle of Vel stands on a cliff.");
    LoreEntry afterDragon =
        new LoreEntry(
            "dragon",
            List.of("dragon"),
            List.of(),
            "Dragons sleep in winter.",
            true,
            false,
            false,
            null,
            5,
            10,
            true,
            false,
            false);
    LoreEntry rule = Cards.constant("rule", "Magic has a price.", 1);
    LoreEntry unused = Cards.entry("sea", List.of("sea"), "The sea is cold.");
    var card =
        Cards.card(
            null, null, new Lorebook(2, 200, false, List.of(castle, afterDragon, rule, unused)));

    Prompt prompt =
        assembler.assemble(
            input(card, List.of(HistoryMessage.user("Is the castle near the dragon?")), 1000));

    String system = prompt.messages().getFirst().content();
    assertThat(prompt.loreEntries()).containsExactlyInAnyOrder("castle", "dragon", "rule");
    assertThat(system.indexOf("Magic has a price."))
        .isLessThan(system.indexOf("The castle of Vel"));
    assertThat(system.indexOf("The castle of Vel")).isLessThan(system.indexOf("Ada is a bard"));
    assertThat(system.indexOf("Ada is a bard")).isLessThan(system.indexOf("Dragons sleep"));
    assertThat(system).doesNotContain("The sea is cold.");
  }

  @Test
  void theLorebookBudgetKeepsConstantsAndHigherPriorityEntries() {
    LoreEntry low =
        new LoreEntry(
            "low",
            List.of("castle"),
            List.of(),
            "one two three four five six",
            true,
            false,
            false,
            null,
            1,
            1,
            false,
            false,
            false);
    LoreEntry high =
        new LoreEntry(
            "high",
            List.of("castle"),
            List.of(),
            "seven eight nine ten",
            true,
            false,
            false,
            null,
            2,
            50,
            false,
            false,
            false);
    LoreEntry always = Cards.constant("always", "alpha beta gamma", 3);
    var card = Cards.card(null, null, new Lorebook(4, 8, false, List.of(low, high, always)));

    Prompt prompt =
        assembler.assemble(input(card, List.of(HistoryMessage.user("the castle")), 1000));

    assertThat(prompt.loreEntries()).containsExactlyInAnyOrder("always", "high");
  }

  @Test
  void groupPromptsNameTheOthersAndTheirLinesAreNamedUserTurns() {
    var card = Cards.card(null, null, null);
    PromptInput group =
        new PromptInput(
            card,
            "Robin",
            null,
            List.of("Bo"),
            null,
            List.of(),
            List.of(
                HistoryMessage.character("c2", "Bo", "I am Bo."),
                HistoryMessage.character("c1", "Ada", "I am Ada."),
                HistoryMessage.user("Both of you, sing!")),
            1000);

    Prompt prompt = assembler.assemble(group);

    assertThat(prompt.messages().getFirst().content())
        .contains("group conversation with Robin, Ada and Bo");
    assertThat(prompt.messages().get(1)).isEqualTo(ChatMessage.user("I am Bo.", "Bo"));
    assertThat(prompt.messages().get(2)).isEqualTo(ChatMessage.assistant("I am Ada."));
    assertThat(prompt.messages().get(3)).isEqualTo(ChatMessage.user("Both of you, sing!", "Robin"));
  }

  @Test
  void refusesABudgetThatCannotHoldAnything() {
    assertThatThrownBy(
            () ->
                assembler.assemble(
                    input(Cards.card(null, null, null), List.of(HistoryMessage.user("hi")), 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splitsExampleDialoguesOnStart() {
    assertThat(PromptAssembler.examples("<START>a<start>\n\nb<START>  ")).containsExactly("a", "b");
    assertThat(PromptAssembler.examples(null)).isEmpty();
  }
}
