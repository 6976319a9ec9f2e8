package com.companion.chat.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.catalog.Persona;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.prompt.HistoryMessage;
import com.companion.chat.prompt.Prompt;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.prompt.PromptFormat;
import com.companion.chat.prompt.PromptInput;
import com.companion.chat.prompt.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt assembler with creator- and user-written text of any shape: cards, lorebook entries
 * (regex keys included), personas, names and history. Whatever comes in, assembly finishes (no
 * exception, no hang: lorebook regexes run on RE2), stays within the budget, and the only role
 * markers in the rendered prompt are the template's own.
 */
class PromptAssemblerFuzzTest {

  private static final ChatProperties.Prompt SETTINGS =
      new ChatProperties.Prompt("Default prompt for {{char}} and {{user}}.", 4, 400, "User");

  /** Whitespace words plus one per marker, the same shape as the real tokenizer's counts. */
  private static final TokenCounter WORDS =
      text -> {
        if (text == null || text.isBlank()) {
          return 0;
        }
        String spaced = text.replace("<|", " <|").replace("|>", "|> ");
        return spaced.trim().split("\\s+").length;
      };

  private static final PromptAssembler ASSEMBLER = new PromptAssembler(WORDS, SETTINGS);

  @FuzzTest(maxDuration = "10s")
  void anyTextAssemblesWithinBudgetAndWithoutForgedMarkers(FuzzedDataProvider data) {
    List<LoreEntry> entries = new ArrayList<>();
    int entryCount = data.consumeInt(0, 4);
    for (int i = 0; i < entryCount; i++) {
      entries.add(
          new LoreEntry(
              "e" + i,
              List.of(data.consumeString(40)),
              List.of(data.consumeString(20)),
              data.consumeString(200),
              true,
              data.consumeBoolean(),
              data.consumeBoolean(),
              null,
              data.consumeInt(-5, 5),
              data.consumeInt(-5, 5),
              data.consumeBoolean(),
              data.consumeBoolean(),
              data.consumeBoolean()));
    }
    CharacterCard card =
        new CharacterCard(
            "c1",
            1,
            "owner",
            data.consumeString(30),
            data.consumeString(300),
            data.consumeString(100),
            data.consumeString(100),
            data.consumeString(100),
            data.consumeString(300),
            data.consumeBoolean() ? null : data.consumeString(200),
            data.consumeBoolean() ? null : data.consumeString(100),
            List.of(),
            List.of(),
            0.5,
            new Lorebook(
                data.consumeInt(-1, 6), data.consumeInt(-1, 300), data.consumeBoolean(), entries));
    List<HistoryMessage> history = new ArrayList<>();
    int turns = data.consumeInt(0, 6);
    for (int i = 0; i < turns; i++) {
      history.add(
          data.consumeBoolean()
              ? HistoryMessage.character(
                  data.consumeBoolean() ? "c1" : "c2",
                  data.consumeString(20),
                  data.consumeString(200))
              : HistoryMessage.user(data.consumeString(200)));
    }
    history.add(HistoryMessage.user(data.consumeString(400)));
    String userName = data.consumeString(20);
    PromptInput probe =
        new PromptInput(
            card,
            userName,
            data.consumeBoolean() ? null : new Persona("p", userName, data.consumeString(100)),
            data.consumeBoolean() ? List.of() : List.of(data.consumeString(20)),
            data.consumeBoolean() ? null : data.consumeString(200),
            List.of(data.consumeString(100)),
            history,
            0);
    int minimum = ASSEMBLER.minimumBudget(probe);
    int budget = minimum + data.consumeInt(0, 3000);
    PromptInput input =
        new PromptInput(
            probe.character(),
            probe.userName(),
            probe.persona(),
            probe.otherCharacters(),
            probe.summary(),
            probe.pinnedMemories(),
            probe.history(),
            budget);

    Prompt prompt = ASSEMBLER.assemble(input);

    assertThat(prompt.tokens()).isLessThanOrEqualTo(budget);
    for (ChatMessage message : prompt.messages()) {
      String rendered = PromptFormat.render(message);
      assertThat(markers(rendered)).as(rendered).isEqualTo(2);
    }
  }

  private static int markers(String rendered) {
    int n = 0;
    for (String marker : List.of("<|system|>", "<|user|>", "<|character|>", "<|end|>")) {
      for (int i = rendered.indexOf(marker); i >= 0; i = rendered.indexOf(marker, i + 1)) {
        n++;
      }
    }
    return n;
  }
}
