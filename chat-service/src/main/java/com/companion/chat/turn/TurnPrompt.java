package com.companion.chat.turn;

import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.memory.MemoryService;
import com.companion.chat.memory.PinnedMemory;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.prompt.HistoryMessage;
import com.companion.chat.prompt.Macros;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.Prompt;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.prompt.PromptInput;
import com.companion.chat.safety.SafetyPolicy;
import com.companion.chat.web.Notice;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple3;

/**
 * Gets a turn ready for the model: the recent path, the character who answers (groups), its pinned
 * card version, the pinned memories and the summary, and a minor's rest reminder, then the prompt
 * assembled within the model's context.
 */
final class TurnPrompt {

  static final String CARE_INSTRUCTION =
      "The user may be in distress and has spoken of harming themselves. Answer warmly and"
          + " calmly, take their feelings seriously, never describe or encourage self-harm, and"
          + " gently encourage them to talk to someone they trust or a help line.";

  private final Conversations conversations;
  private final SpeakerSelector speakers;
  private final CharacterCatalog catalog;
  private final MemoryService memories;
  private final RestReminders reminders;
  private final PromptAssembler assembler;
  private final ModelTokenizer tokenizer;
  private final ChatProperties properties;

  TurnPrompt(
      Conversations conversations,
      SpeakerSelector speakers,
      CharacterCatalog catalog,
      MemoryService memories,
      RestReminders reminders,
      PromptAssembler assembler,
      ModelTokenizer tokenizer,
      ChatProperties properties) {
    this.conversations = conversations;
    this.speakers = speakers;
    this.catalog = catalog;
    this.memories = memories;
    this.reminders = reminders;
    this.assembler = assembler;
    this.tokenizer = tokenizer;
    this.properties = properties;
  }

  /**
   * @param userMessage the user message just stored; null for a regenerated reply
   */
  Mono<Turn> prepare(
      Ticket ticket,
      Target target,
      Screening input,
      Message userMessage,
      StartDeadline.Watch watch) {
    Conversation c = ticket.conversation();
    UUID replyParent = userMessage == null ? target.replyParent() : userMessage.id();
    return watch
        .part(
            "the recent messages",
            conversations.recent(c.id(), userMessage == null ? replyParent : target.parentOfUser()))
        .flatMap(
            recent -> {
              List<Message> path = recent;
              if (userMessage != null) {
                path = new ArrayList<>(recent);
                path.add(userMessage);
              }
              Participant speaker =
                  speakers.choose(
                      c.participants(),
                      target.userText(),
                      target.requestedSpeaker(),
                      lastSpeaker(path));
              if (speaker == null) {
                return Mono.error(PlatformProblem.badRequest("no character can answer here"));
              }
              List<Message> previousPath = userMessage == null ? List.of() : recent;
              List<Message> replyPath = path;
              return sources(ticket, speaker, watch)
                  .map(
                      all ->
                          new Turn(
                              ticket,
                              input,
                              userMessage,
                              replyParent,
                              previousPath,
                              replyPath,
                              speaker,
                              prompt(c, input, speaker, replyPath, all.getT1(), all.getT2()),
                              notices(c, input, speaker, all.getT3())));
            });
  }

  /** The speaker's card, the pinned memories and whether a rest reminder is due, together. */
  private Mono<Tuple3<CharacterCard, List<PinnedMemory>, Boolean>> sources(
      Ticket ticket, Participant speaker, StartDeadline.Watch watch) {
    Mono<CharacterCard> card =
        catalog
            .version(speaker.characterId(), speaker.version(), ticket.caller())
            .switchIfEmpty(
                Mono.error(
                    () ->
                        PlatformProblem.of(
                            HttpStatusCode.valueOf(410),
                            ProblemType.custom("character-gone", "Character no longer available"),
                            speaker.name() + " is no longer available")));
    Mono<List<PinnedMemory>> pinned =
        ticket.conversation().pinnedMemories() == 0
            ? Mono.just(List.of())
            : Blocking.call(() -> memories.contents(ticket.conversation().id()));
    Mono<Boolean> remind =
        ticket.minor()
            ? Blocking.call(
                () ->
                    reminders.recordTurn(
                        ticket.userId(), ticket.product(), ticket.conversation().id()))
            : Mono.just(false);
    return Mono.zip(
        watch.part("the character's card", card),
        watch.part("the pinned memories", pinned),
        watch.part("the rest reminder", remind));
  }

  private List<Notice> notices(
      Conversation c, Screening input, Participant speaker, boolean restReminder) {
    Notice support =
        input.care() == SafetyPolicy.Care.NONE
            ? null
            : Notice.support(
                input.verdict().support().text(), input.verdict().support().resources());
    Notice rest =
        restReminder
            ? new Notice(
                Notice.REST_REMINDER,
                Macros.fill(
                    properties.minors().restReminder(),
                    speaker.name(),
                    conversations.userName(c.persona())))
            : null;
    if (support == null) {
      return rest == null ? List.of() : List.of(rest);
    }
    return rest == null ? List.of(support) : List.of(support, rest);
  }

  private Prompt prompt(
      Conversation c,
      Screening input,
      Participant speaker,
      List<Message> path,
      CharacterCard card,
      List<PinnedMemory> pinned) {
    try {
      return carefully(input, assembler.assemble(promptInput(c, speaker, path, card, pinned)));
    } catch (IllegalArgumentException e) {
      // only when the reply reserve leaves (almost) no context: a setting problem
      throw PlatformProblem.of(
          HttpStatusCode.valueOf(422),
          ProblemType.UNPROCESSABLE,
          "the message does not fit the model's context",
          e);
    }
  }

  private static String lastSpeaker(List<Message> path) {
    String last = null;
    for (Message m : path) {
      if (Message.ASSISTANT.equals(m.role())) {
        last = m.speakerId();
      }
    }
    return last;
  }

  /**
   * After a disclosure of self-harm the character goes on, but under an instruction placed last,
   * where the model weighs it most.
   */
  private static Prompt carefully(Screening input, Prompt prompt) {
    if (input.care() != SafetyPolicy.Care.CHECK_IN_FIRST) {
      return prompt;
    }
    List<ChatMessage> messages = new ArrayList<>(prompt.messages());
    messages.add(ChatMessage.system(CARE_INSTRUCTION));
    return new Prompt(
        messages,
        prompt.tokens(),
        prompt.historyMessages(),
        prompt.loreEntries(),
        prompt.newestTruncated());
  }

  private PromptInput promptInput(
      Conversation c,
      Participant speaker,
      List<Message> path,
      CharacterCard card,
      List<PinnedMemory> pinned) {
    Map<String, String> names =
        c.participants().stream()
            .collect(Collectors.toMap(Participant::characterId, Participant::name, (a, b) -> a));
    List<HistoryMessage> messages =
        path.stream()
            .map(
                m ->
                    Message.USER.equals(m.role())
                        ? HistoryMessage.user(m.content())
                        : HistoryMessage.character(
                            m.speakerId(),
                            names.getOrDefault(m.speakerId(), "Character"),
                            m.content()))
            .toList();
    if (messages.isEmpty()) {
      throw PlatformProblem.badRequest("there is nothing to reply to");
    }
    // the summary counts only while it covers this path: it is in the recent window, or the path
    // reaches further back than the window does
    boolean summaryOnPath =
        c.summaryThroughMessageId() != null
            && (path.stream().anyMatch(m -> m.id().equals(c.summaryThroughMessageId()))
                || path.size() >= properties.cache().historyMessages());
    int budget = tokenizer.contextTokens() - properties.maxTokens();
    return new PromptInput(
        card,
        conversations.userName(c.persona()),
        c.persona(),
        c.participants().stream()
            .filter(p -> !p.characterId().equals(speaker.characterId()))
            .map(Participant::name)
            .toList(),
        summaryOnPath ? c.summary() : null,
        pinned.stream().map(PinnedMemory::content).toList(),
        messages,
        budget);
  }
}
