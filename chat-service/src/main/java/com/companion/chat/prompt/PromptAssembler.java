package com.companion.chat.prompt;

import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.LoreEntry;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.model.ChatMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Builds the prompt for one reply from a character card, the user's persona, the lorebook, memory
 * and the conversation, within the model's context budget.
 *
 * <p>Layout (Character Card V2/V3 semantics):
 *
 * <ol>
 *   <li>one system message: the card's {@code system_prompt} (replacing the default one, which it
 *       may include with {@code {{original}}}); lorebook entries placed {@code before_char}; the
 *       description, personality and scenario; entries placed {@code after_char}; the user's
 *       persona; in a group, who else is present; the memory summary and pinned memories; example
 *       dialogues ({@code mes_example} split on {@code <START>});
 *   <li>the history, oldest first, ending with the newest message;
 *   <li>{@code post_history_instructions} as a last system message.
 * </ol>
 *
 * <p>What gives way when the budget is short, in order of what is kept: the newest message (cut
 * from the front only if it alone exceeds the budget), post-history instructions, the character
 * definition (cut at the end if it alone is too long), lorebook entries (constant entries first,
 * then by priority, within the book's own token budget), the summary and pinned memories, as much
 * history as fits (newest first, without gaps), and example dialogues last. {@code {{char}}} and
 * {@code {{user}}} are filled everywhere. Tokens are counted per message on {@link PromptFormat}'s
 * rendering; the total never exceeds {@link PromptInput#budgetTokens()}.
 */
public final class PromptAssembler {

  private static final Pattern EXAMPLE_SEPARATOR =
      Pattern.compile("<START>", Pattern.CASE_INSENSITIVE);

  private final TokenCounter counter;
  private final ChatProperties.Prompt settings;

  public PromptAssembler(TokenCounter counter, ChatProperties.Prompt settings) {
    this.counter = counter;
    this.settings = settings;
  }

  /** The smallest budget that can hold an empty newest message and the reply marker. */
  public int minimumBudget(PromptInput input) {
    HistoryMessage newest = input.history().getLast();
    return counter.count(PromptFormat.GENERATION_PROMPT)
        + cost(
            toChat(
                new HistoryMessage(newest.role(), newest.speakerId(), newest.speakerName(), ""),
                input));
  }

  public Prompt assemble(PromptInput input) {
    if (input.history().isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least the newest message");
    }
    if (input.budgetTokens() < minimumBudget(input)) {
      throw new IllegalArgumentException(
          "budget of " + input.budgetTokens() + " tokens cannot hold the newest message");
    }
    CharacterCard card = input.character();
    String charName = card.name() == null ? "Character" : card.name();
    String userName = input.userName();
    int budget = input.budgetTokens();
    int used = counter.count(PromptFormat.GENERATION_PROMPT);

    // 1. the newest message always goes in, shortened from the front if it alone is too long
    List<HistoryMessage> history = input.history();
    HistoryMessage newestInput = history.getLast();
    ChatMessage newest = toChat(newestInput, input);
    boolean newestTruncated = false;
    if (used + cost(newest) > budget) {
      int room = budget - used;
      ChatMessage whole = newest;
      String kept =
          fit(whole.content(), text -> cost(withContent(whole, text)), room, /* keepEnd= */ true);
      newest = withContent(newest, kept);
      newestTruncated = true;
    }
    used += cost(newest);

    // 2. post-history instructions
    ChatMessage post = null;
    if (!blank(card.postHistoryInstructions())) {
      post = ChatMessage.system(Macros.fill(card.postHistoryInstructions(), charName, userName));
      if (used + cost(post) <= budget) {
        used += cost(post);
      } else {
        post = null;
      }
    }

    // 3. the system message, grown piece by piece while it fits
    SystemMessage system = new SystemMessage(charName, userName);
    system.systemPrompt = Macros.fill(systemPrompt(card), charName, userName);
    system.description = Macros.fill(card.description(), charName, userName);
    system.personality = Macros.fill(card.personality(), charName, userName);
    system.scenario = Macros.fill(card.scenario(), charName, userName);
    system.persona =
        input.persona() == null
            ? null
            : Macros.fill(input.persona().description(), charName, userName);
    system.others = input.otherCharacters();
    int room = budget - used;
    if (systemCost(system) > room) {
      String core = system.render();
      system.clearCore();
      system.truncatedCore = fit(core, text -> cost(ChatMessage.system(text)), room, false);
    }

    List<String> placedLore = new ArrayList<>();
    Lorebook book = card.lorebook();
    if (book != null) {
      int loreBudget =
          book.tokenBudget() != null && book.tokenBudget() > 0
              ? book.tokenBudget()
              : settings.defaultLorebookBudget();
      int scanDepth =
          book.scanDepth() != null && book.scanDepth() >= 0
              ? book.scanDepth()
              : settings.defaultScanDepth();
      List<String> scanned =
          history.subList(Math.max(0, history.size() - scanDepth), history.size()).stream()
              .map(HistoryMessage::content)
              .toList();
      List<LoreEntry> candidates = new ArrayList<>(LorebookActivator.activate(book, scanned));
      candidates.sort(
          Comparator.comparing((LoreEntry entry) -> !entry.constant())
              .thenComparing(Comparator.comparingInt(LoreEntry::priority).reversed())
              .thenComparingInt(LoreEntry::insertionOrder));
      int loreTokens = 0;
      for (LoreEntry entry : candidates) {
        String content = Macros.fill(entry.content(), charName, userName);
        int entryTokens = counter.count(content);
        if (content.isBlank() || loreTokens + entryTokens > loreBudget) {
          continue;
        }
        PlacedEntry placed = new PlacedEntry(entry, content);
        system.lore.add(placed);
        if (systemCost(system) > room) {
          system.lore.remove(placed);
          continue;
        }
        loreTokens += entryTokens;
        placedLore.add(entry.id());
      }
    }

    // 4. memory
    if (!blank(input.summary())) {
      system.summary = input.summary();
      if (systemCost(system) > room) {
        system.summary = null;
      }
    }
    for (String memory : input.pinnedMemories()) {
      system.pinned.add(memory);
      if (systemCost(system) > room) {
        system.pinned.removeLast();
      }
    }

    // 5. history, newest first, without gaps
    int historyRoom = room - systemCost(system);
    List<ChatMessage> older = new ArrayList<>();
    for (int i = history.size() - 2; i >= 0; i--) {
      ChatMessage message = toChat(history.get(i), input);
      int messageCost = cost(message);
      if (messageCost > historyRoom) {
        break;
      }
      historyRoom -= messageCost;
      older.addFirst(message);
    }
    int historyCost = room - systemCost(system) - historyRoom;

    // 6. example dialogues, while there is room left
    for (String example : examples(card.mesExample())) {
      system.examples.add(Macros.fill(example, charName, userName));
      if (systemCost(system) + historyCost > room) {
        system.examples.removeLast();
        break;
      }
    }

    List<ChatMessage> messages = new ArrayList<>();
    String systemText = system.render();
    if (!systemText.isEmpty()) {
      messages.add(ChatMessage.system(systemText));
    }
    messages.addAll(older);
    messages.add(newest);
    if (post != null) {
      messages.add(post);
    }
    // what was counted is what is sent: every message defused, markers only from the template
    messages.replaceAll(PromptFormat::defuse);
    int tokens = counter.count(PromptFormat.GENERATION_PROMPT);
    for (ChatMessage message : messages) {
      tokens += cost(message);
    }
    return new Prompt(messages, tokens, older.size() + 1, placedLore, newestTruncated);
  }

  private String systemPrompt(CharacterCard card) {
    String original = settings.defaultSystemPrompt();
    if (blank(card.systemPrompt())) {
      return original;
    }
    return card.systemPrompt().replace("{{original}}", original);
  }

  /** Turns a history message into the model's view of it from the speaking character. */
  static ChatMessage toChat(HistoryMessage message, PromptInput input) {
    String charName = input.character().name();
    String content = Macros.fill(message.content(), charName, input.userName());
    if ("assistant".equals(message.role())) {
      boolean self =
          message.speakerId() == null || message.speakerId().equals(input.character().id());
      // other characters of a group speak as named user turns, as the chat template expects
      return self
          ? ChatMessage.assistant(content)
          : ChatMessage.user(content, message.speakerName());
    }
    boolean named = input.persona() != null || !input.otherCharacters().isEmpty();
    return ChatMessage.user(content, named ? input.userName() : null);
  }

  static List<String> examples(String mesExample) {
    if (blank(mesExample)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String block : EXAMPLE_SEPARATOR.split(mesExample)) {
      if (!block.isBlank()) {
        out.add(block.strip());
      }
    }
    return out;
  }

  /** Tokens of the message as it will be sent, that is defused. */
  private int cost(ChatMessage message) {
    return counter.count(PromptFormat.render(PromptFormat.defuse(message)));
  }

  private int systemCost(SystemMessage system) {
    String text = system.render();
    return text.isEmpty() ? 0 : cost(ChatMessage.system(text));
  }

  private static ChatMessage withContent(ChatMessage message, String content) {
    return new ChatMessage(message.role(), content, message.name());
  }

  /** The longest start (or end) of {@code text} whose cost fits {@code maxTokens}. */
  private static String fit(
      String text, ToIntFunction<String> costOf, int maxTokens, boolean keepEnd) {
    if (text == null || text.isEmpty() || costOf.applyAsInt(text) <= maxTokens) {
      return text == null ? "" : text;
    }
    int low = 0;
    int high = text.length();
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      String candidate = keepEnd ? text.substring(text.length() - mid) : text.substring(0, mid);
      if (costOf.applyAsInt(candidate) <= maxTokens) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return keepEnd ? text.substring(text.length() - low) : text.substring(0, low);
  }

  static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private record PlacedEntry(LoreEntry entry, String content) {}

  /** The system message's sections, rendered in their fixed order. */
  private static final class SystemMessage {
    final String charName;
    final String userName;
    String systemPrompt;
    String description;
    String personality;
    String scenario;
    String persona;
    List<String> others = List.of();
    String truncatedCore;
    final List<PlacedEntry> lore = new ArrayList<>();
    String summary;
    final List<String> pinned = new ArrayList<>();
    final List<String> examples = new ArrayList<>();

    SystemMessage(String charName, String userName) {
      this.charName = charName;
      this.userName = userName;
    }

    void clearCore() {
      systemPrompt = null;
      description = null;
      personality = null;
      scenario = null;
      persona = null;
      others = List.of();
    }

    String render() {
      List<String> sections = new ArrayList<>();
      add(sections, systemPrompt);
      add(sections, truncatedCore);
      lore.stream()
          .filter(placed -> !placed.entry().afterCharacter())
          .sorted(Comparator.comparingInt(placed -> placed.entry().insertionOrder()))
          .forEach(placed -> sections.add(placed.content()));
      add(sections, description);
      if (!blank(personality)) {
        sections.add(charName + "'s personality: " + personality);
      }
      if (!blank(scenario)) {
        sections.add("Scenario: " + scenario);
      }
      lore.stream()
          .filter(placed -> placed.entry().afterCharacter())
          .sorted(Comparator.comparingInt(placed -> placed.entry().insertionOrder()))
          .forEach(placed -> sections.add(placed.content()));
      if (!blank(persona)) {
        sections.add("About " + userName + ": " + persona);
      }
      if (!others.isEmpty()) {
        sections.add(
            "This is a group conversation with "
                + userName
                + ", "
                + charName
                + " and "
                + String.join(", ", others)
                + ". Write only "
                + charName
                + "'s next reply.");
      }
      if (!blank(summary)) {
        sections.add("Summary of the story so far: " + summary);
      }
      if (!pinned.isEmpty()) {
        sections.add("Things to remember:\n- " + String.join("\n- ", pinned));
      }
      for (String example : examples) {
        sections.add("Example dialogue:\n" + example);
      }
      return String.join("\n\n", sections);
    }

    private static void add(List<String> sections, String text) {
      if (!blank(text)) {
        sections.add(text);
      }
    }
  }
}
