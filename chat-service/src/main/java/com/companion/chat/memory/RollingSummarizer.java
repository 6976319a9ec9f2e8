package com.companion.chat.memory;

import com.companion.chat.Caller;
import com.companion.chat.ChatProperties;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.model.ChatMessage;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.ModelRequest;
import com.companion.platform.web.Blocking;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps a rolling summary of each conversation, so the story survives beyond the context window.
 * After every {@code chat.memory.summary-every-turns} turns a summary is written in the background
 * by the same model, from the previous summary and the messages since; the reply that triggered it
 * is never delayed, and a failed summary is simply tried again after the next turn. A claim in the
 * database keeps to one summary per conversation at a time, across replicas.
 */
public final class RollingSummarizer {

  private static final Logger log = LoggerFactory.getLogger(RollingSummarizer.class);
  static final String INSTRUCTIONS =
      "You keep the memory of a role-play. Write a short summary, in the third person and past"
          + " tense, of everything important so far: who is who, what happened, promises and"
          + " feelings. Keep names. At most a few sentences.";

  private final Conversations conversations;
  private final ModelClient model;
  private final ChatProperties properties;
  private final Clock clock;

  public RollingSummarizer(
      Conversations conversations, ModelClient model, ChatProperties properties, Clock clock) {
    this.conversations = conversations;
    this.model = model;
    this.properties = properties;
    this.clock = clock;
  }

  /** Whether this many turns since the last summary call for a new one. */
  public boolean due(int turnsSinceSummary) {
    return turnsSinceSummary >= properties.memory().summaryEveryTurns();
  }

  /** Starts a summary in the background and returns at once. */
  public void summarizeLater(Conversation conversation, UUID head, Caller caller) {
    summarize(conversation, head, caller)
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(
            ignored -> {},
            e ->
                log.warn("summary of conversation {} failed: {}", conversation.id(), e.toString()));
  }

  /** Writes a summary now; completes empty when another one is already running. */
  public Mono<String> summarize(Conversation conversation, UUID head, Caller caller) {
    Instant now = clock.instant();
    return Blocking.call(
            () ->
                conversations.claimSummary(
                    conversation.id(), now, now.minus(properties.memory().summaryLease())))
        .filter(Boolean::booleanValue)
        .flatMap(
            claimed ->
                Blocking.call(() -> conversations.path(head, properties.cache().historyMessages()))
                    .flatMap(path -> write(conversation, path, head, caller))
                    .onErrorResume(
                        e ->
                            Blocking.run(() -> conversations.abandonSummary(conversation.id()))
                                .then(Mono.error(e))));
  }

  private Mono<String> write(
      Conversation conversation, List<Message> path, UUID head, Caller caller) {
    Map<String, String> names =
        conversation.participants().stream()
            .collect(
                Collectors.toMap(
                    Conversation.Participant::characterId,
                    Conversation.Participant::name,
                    (a, b) -> a));
    int from = 0;
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i).id().equals(conversation.summaryThroughMessageId())) {
        from = i + 1;
      }
    }
    String userName = conversations.userName(conversation.persona());
    String transcript =
        path.subList(from, path.size()).stream()
            .map(
                m ->
                    (Message.USER.equals(m.role())
                            ? userName
                            : names.getOrDefault(m.speakerId(), "Character"))
                        + ": "
                        + m.content())
            .collect(Collectors.joining("\n"));
    String previous =
        conversation.summary() == null ? "" : "Summary so far: " + conversation.summary() + "\n\n";
    ChatProperties.Sampling sampling = properties.sampling();
    ModelRequest request =
        new ModelRequest(
            properties.model(),
            List.of(
                ChatMessage.system(INSTRUCTIONS),
                ChatMessage.user(previous + "New messages:\n" + transcript, null)),
            properties.memory().summaryMaxTokens(),
            0.3,
            sampling.topP(),
            sampling.topK(),
            sampling.minP(),
            sampling.repetitionPenalty(),
            conversation.participants().getFirst().characterId());
    return model
        .complete(request, caller)
        .flatMap(
            reply ->
                Blocking.call(
                    () -> {
                      String summary = reply.text().strip();
                      conversations.storeSummary(conversation.id(), summary, head);
                      return summary;
                    }));
  }
}
