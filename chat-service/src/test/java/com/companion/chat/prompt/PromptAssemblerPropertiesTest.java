package com.companion.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.prompt.internal.EstimatedTokenCounter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What must hold for every prompt, whatever the card, history and budget. */
class PromptAssemblerPropertiesTest {

  private final PromptAssembler words = new PromptAssembler(Cards.WORDS, Cards.SETTINGS);
  private final PromptAssembler estimate =
      new PromptAssembler(new EstimatedTokenCounter(), Cards.SETTINGS);

  @Property(tries = 300)
  void theBudgetIsNeverExceeded(
      @ForAll("histories") List<HistoryMessage> history,
      @ForAll("books") Lorebook book,
      @ForAll @IntRange(min = 40, max = 2000) int budget) {
    for (PromptAssembler assembler : List.of(words, estimate)) {
      TokenCounter counter = assembler == words ? Cards.WORDS : new EstimatedTokenCounter();
      Prompt prompt = assembler.assemble(input(history, book, budget));
      int counted = counter.count(PromptFormat.GENERATION_PROMPT);
      for (ChatMessage message : prompt.messages()) {
        counted += counter.count(PromptFormat.render(message));
      }
      assertThat(counted).isEqualTo(prompt.tokens()).isLessThanOrEqualTo(budget);
    }
  }

  @Property(tries = 300)
  void theNewestMessageIsAlwaysIncluded(
      @ForAll("histories") List<HistoryMessage> history,
      @ForAll("books") Lorebook book,
      @ForAll @IntRange(min = 40, max = 2000) int budget) {
    Prompt prompt = words.assemble(input(history, book, budget));
    String newest = history.getLast().content();
    List<ChatMessage> messages = prompt.messages();
    ChatMessage last =
        messages.getLast().role().equals("system") && messages.size() > 1
            ? messages.get(messages.size() - 2)
            : messages.getLast();
    if (prompt.newestTruncated()) {
      assertThat(newest).endsWith(last.content());
    } else {
      assertThat(last.content()).isEqualTo(newest);
    }
  }

  @Property(tries = 300)
  void constantLoreIsPresentWhileTheBudgetAllows(
      @ForAll("histories") List<HistoryMessage> history,
      @ForAll("books") Lorebook book,
      @ForAll @IntRange(min = 40, max = 2000) int budget) {
    PromptInput input = input(history, book, budget);
    Prompt prompt = words.assemble(input);
    List<LoreEntry> constants = book.entries().stream().filter(LoreEntry::constant).toList();
    int lorebookBudget =
        book.tokenBudget() > 0 ? book.tokenBudget() : Cards.SETTINGS.defaultLorebookBudget();
    // room for every constant: with the whole card, history aside, a generous budget fits them
    int constantTokens =
        constants.stream().mapToInt(entry -> Cards.WORDS.count(entry.content())).sum();
    int cardOnly =
        words
            .assemble(input(List.of(history.getLast()), new Lorebook(4, 0, false, List.of()), 4000))
            .tokens();
    if (cardOnly + constantTokens + 10 <= budget && constantTokens <= lorebookBudget) {
      assertThat(prompt.loreEntries()).containsAll(constants.stream().map(LoreEntry::id).toList());
    }
  }

  private static PromptInput input(List<HistoryMessage> history, Lorebook book, int budget) {
    return new PromptInput(
        Cards.card(null, "Reply briefly.", book),
        "Robin",
        null,
        List.of(),
        "Earlier they met.",
        List.of("a pinned thing"),
        history,
        budget);
  }

  @Provide
  Arbitrary<List<HistoryMessage>> histories() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withChars("abcdefgh ")
            .ofMinLength(1)
            .ofMaxLength(120)
            .filter(s -> !s.isBlank());
    Arbitrary<HistoryMessage> message =
        Combinators.combine(Arbitraries.of(true, false), text)
            .as(
                (fromUser, content) ->
                    fromUser
                        ? HistoryMessage.user(content)
                        : HistoryMessage.character("c1", "Ada", content));
    return message
        .list()
        .ofMinSize(0)
        .ofMaxSize(40)
        .flatMap(
            older ->
                text.map(
                    last -> {
                      List<HistoryMessage> all = new ArrayList<>(older);
                      all.add(HistoryMessage.user(last));
                      return all;
                    }));
  }

  @Provide
  Arbitrary<Lorebook> books() {
    Arbitrary<LoreEntry> entry =
        Combinators.combine(
                Arbitraries.strings().alpha().ofLength(6),
                Arbitraries.of("castle", "dragon", "abc", "hedge"),
                Arbitraries.strings()
                    .withChars("xyz ")
                    .ofMinLength(1)
                    .ofMaxLength(60)
                    .filter(s -> !s.isBlank()),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 100),
                Arbitraries.of(true, false))
            .as(
                (id, key, content, constant, order, after) ->
                    new LoreEntry(
                        id,
                        List.of(key),
                        List.of(),
                        content,
                        true,
                        constant,
                        false,
                        null,
                        order,
                        order % 7,
                        after,
                        false,
                        false));
    return Combinators.combine(
            entry.list().ofMaxSize(8).uniqueElements(LoreEntry::id),
            Arbitraries.integers().between(0, 300))
        .as((entries, lorebookBudget) -> new Lorebook(3, lorebookBudget, true, entries));
  }
}
