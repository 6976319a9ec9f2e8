package com.companion.chat;

import com.companion.contracts.events.Topics;
import com.companion.platform.events.ConsumerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of chat-service, all under {@code chat.*}.
 *
 * @param characterServiceUrl where characters and personas are read
 * @param modelGatewayUrl the OpenAI-compatible model gateway
 * @param safetyFilterUrl safety-filter; blank turns content checks off (local experiments only)
 * @param tokenizerPath the model checkpoint's {@code tokenizer.json}; prompt budgets are counted
 *     with it, or estimated when the file is absent
 * @param model the model alias every turn asks for
 * @param contextTokens the model's context window, used when the checkpoint's {@code config.json}
 *     does not say
 * @param maxTokens the longest reply, in tokens
 * @param maxMessageChars the longest user message accepted
 * @param historyPageLimit default and maximum page sizes of message history
 * @param turnLease how long a turn may hold a conversation before another send may take over
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} is remembered
 * @param requestTimeout timeout of calls to character-service and safety-filter
 * @param firstTokenTimeout how long to wait for the model's first token
 * @param streamIdleTimeout how long the model may fall silent after its first token before the turn
 *     ends with an error (the words already streamed are kept)
 * @param deltaWindow after a streamed reply's first text, the text released within this long goes
 *     out as one {@code delta} event (fewer events to write and relay); 0 sends every piece alone
 * @param identity identity-service, asked for minors' guardian chat policy
 * @param admission how many turns this instance runs at once before it refuses more
 * @param accountDeletions the consumer of {@code account.deleted} ({@code account.lifecycle}, group
 *     {@code chat-service.account-deletions}): a deleted account's chats are deleted here; off,
 *     nothing is deleted here when an account is (tests of other features only)
 */
@ConfigurationProperties("chat")
public record ChatProperties(
    @DefaultValue("http://127.0.0.1:8081") URI characterServiceUrl,
    @DefaultValue("http://127.0.0.1:8084") URI modelGatewayUrl,
    @DefaultValue("http://127.0.0.1:8083") String safetyFilterUrl,
    @DefaultValue("../inference-node/model/tokenizer.json") Path tokenizerPath,
    @DefaultValue("companion-moe") String model,
    @DefaultValue("2048") int contextTokens,
    @DefaultValue("200") int maxTokens,
    @DefaultValue("4000") int maxMessageChars,
    @DefaultValue("50") int historyPageLimit,
    @DefaultValue("5m") Duration turnLease,
    @DefaultValue("24h") Duration idempotencyKeyTtl,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue("60s") Duration firstTokenTimeout,
    @DefaultValue("30s") Duration streamIdleTimeout,
    @DefaultValue("30ms") Duration deltaWindow,
    @DefaultValue Sampling sampling,
    @DefaultValue Prompt prompt,
    @DefaultValue Memory memory,
    @DefaultValue Cache cache,
    @DefaultValue Safety safety,
    @DefaultValue Minors minors,
    @DefaultValue Identity identity,
    @DefaultValue Admission admission,
    @DefaultValue ConsumerSettings accountDeletions) {

  public ChatProperties {
    accountDeletions =
        accountDeletions.orDefaults(Topics.ACCOUNT_LIFECYCLE, "chat-service.account-deletions");
  }

  /** Sampling settings sent with every turn. */
  public record Sampling(
      @DefaultValue("0.8") double temperature,
      @DefaultValue("0.95") double topP,
      @DefaultValue("40") int topK,
      @DefaultValue("0.05") double minP,
      @DefaultValue("1.1") double repetitionPenalty) {}

  /**
   * Prompt assembly.
   *
   * @param defaultSystemPrompt used when a card has no system_prompt, and what {@code {{original}}}
   *     stands for
   * @param defaultScanDepth messages scanned for lorebook keys when the book does not say
   * @param defaultLorebookBudget lorebook tokens when the book does not say
   * @param defaultUserName what {@code {{user}}} becomes without a persona
   */
  public record Prompt(
      @DefaultValue(
              "You are {{char}}. Stay in character and write {{char}}'s next reply in a"
                  + " role-play with {{user}}. Never claim to be a real person.")
          String defaultSystemPrompt,
      @DefaultValue("4") int defaultScanDepth,
      @DefaultValue("400") int defaultLorebookBudget,
      @DefaultValue("User") String defaultUserName) {}

  /**
   * Memory.
   *
   * @param summaryEveryTurns a rolling summary is regenerated after this many turns
   * @param summaryMaxTokens length of a summary
   * @param summaryLease a summary that has not finished after this long may be started again
   * @param pinnedLimit pinned memories per conversation
   * @param pinnedMaxChars the longest pinned memory
   */
  public record Memory(
      @DefaultValue("10") int summaryEveryTurns,
      @DefaultValue("160") int summaryMaxTokens,
      @DefaultValue("2m") Duration summaryLease,
      @DefaultValue("20") int pinnedLimit,
      @DefaultValue("500") int pinnedMaxChars) {}

  /**
   * Redis caches.
   *
   * @param historyMessages recent messages kept per conversation
   * @param historyTtl lifetime of a cached history
   * @param characterTtl lifetime of a cached character version (versions never change), in Redis
   *     and in this process
   * @param characterMemoryChars how much card text this process keeps parsed (least used versions
   *     go first); Redis keeps the rest
   * @param timeout a Redis call slower than this counts as a miss
   */
  public record Cache(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("60") int historyMessages,
      @DefaultValue("30m") Duration historyTtl,
      @DefaultValue("6h") Duration characterTtl,
      @DefaultValue("16000000") long characterMemoryChars,
      @DefaultValue("150ms") Duration timeout) {}

  /**
   * Output moderation while streaming.
   *
   * @param streamingSessions moderate replies with safety-filter's streaming sessions (it decides
   *     what to hold back); off, or when safety-filter has none, the reply so far is checked with
   *     {@code POST /v1/moderations} at word boundaries
   * @param checkEveryChars with plain checks, a streamed reply is checked again once this much new
   *     text is waiting; the first word is checked at once so the first token is not delayed by a
   *     full window
   * @param maxCheckedChars how much of the end of a reply one check sends
   * @param blockedReplyText what replaces a reply from the point it was blocked
   * @param blockedInputText the refusal shown for a blocked user message
   * @param inProcess moderate with safety-filter's snapshot in this process (the same pipeline, no
   *     network per check); off, or while no recent snapshot is held, every check asks
   *     safety-filter over HTTP
   * @param serviceKey this service's credential for safety-filter's snapshot ({@code
   *     chat-service:<secret>}); without it, checks go over HTTP
   * @param snapshotPoll how often the snapshot is checked for changes: a change in safety-filter is
   *     in force here at most this much later
   * @param maxStaleness a snapshot safety-filter has not confirmed for this long is no longer used
   */
  public record Safety(
      @DefaultValue("true") boolean streamingSessions,
      @DefaultValue("24") int checkEveryChars,
      @DefaultValue("2000") int maxCheckedChars,
      @DefaultValue("[This reply was hidden because it broke the community guidelines.]")
          String blockedReplyText,
      @DefaultValue(
              "This message can't be sent because it breaks the community guidelines. Please"
                  + " rephrase it.")
          String blockedInputText,
      @DefaultValue("true") boolean inProcess,
      String serviceKey,
      @DefaultValue("5s") Duration snapshotPoll,
      @DefaultValue("2m") Duration maxStaleness) {}

  /**
   * Extra care for users under 18.
   *
   * @param restReminderAfter continuous chatting before a rest reminder
   * @param sessionGap a pause this long ends a stretch of continuous chatting
   */
  public record Minors(
      @DefaultValue("60m") Duration restReminderAfter,
      @DefaultValue("15m") Duration sessionGap,
      @DefaultValue(
              "Remember: {{char}} is an AI character, not a real person. Everything it says is"
                  + " made up.")
          String aiNotice,
      @DefaultValue(
              "You've been chatting for a while. How about a short break? Your conversation will"
                  + " be here when you come back.")
          String restReminder) {}

  /**
   * identity-service, which answers {@code GET /v1/me/chat-policy} (guardian consent and daily
   * limit) before a minor's turn; adults' turns never ask.
   *
   * @param url where identity-service is reached
   * @param policyTtl how long an answer is reused for the same user: a revoked consent or a reached
   *     limit takes effect at most this much later
   * @param retryAfter the {@code Retry-After} of the 503 a minor gets while identity-service cannot
   *     answer
   */
  public record Identity(
      @DefaultValue("http://127.0.0.1:8086") URI url,
      @DefaultValue("30s") Duration policyTtl,
      @DefaultValue("5s") Duration retryAfter) {}

  /**
   * Admission of turns. A turn beyond {@code maxTurnsInFlight} waits in line, first come first
   * served, for the next free slot; one that finds {@code maxWaiting} turns in line, or waits
   * {@code maxWait}, is refused with 503 {@code busy} and {@code Retry-After}, before it costs a
   * database write or a model call.
   *
   * @param maxTurnsInFlight turns this instance runs at once (sized to what its model nodes serve
   *     at good speed; with several instances, each admits its share)
   * @param maxWaiting turns that may wait in line (0: refuse at once when every slot is taken)
   * @param maxWait the longest a turn waits in line before it is refused
   * @param retryAfter what the refusal tells the client to wait
   * @param startDeadline the longest from a turn's arrival to the start of its stream, its wait in
   *     line included: past it the turn is a 503 with {@code Retry-After}, and the log names the
   *     step it was waiting for
   */
  public record Admission(
      @DefaultValue("64") int maxTurnsInFlight,
      @DefaultValue("256") int maxWaiting,
      @DefaultValue("20s") Duration maxWait,
      @DefaultValue("2s") Duration retryAfter,
      @DefaultValue("60s") Duration startDeadline) {}
}
