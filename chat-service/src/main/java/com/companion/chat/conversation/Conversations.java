package com.companion.chat.conversation;

import com.companion.chat.catalog.Persona;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What the other features (the turn, memory, feedback) use of conversations: the ownership check, a
 * conversation's messages and recent path, and the writes a turn and a summary make. The methods
 * returning plain values are blocking: call them off the event loop; their writes join the caller's
 * transaction.
 */
public final class Conversations {

  private final ConversationService service;
  private final ConversationStore store;
  private final HistoryCache history;

  Conversations(ConversationService service, ConversationStore store, HistoryCache history) {
    this.service = service;
    this.store = store;
    this.history = history;
  }

  /**
   * The caller's conversation in the caller's product, or 404: someone else's, or the same
   * account's in another product, answers exactly as an unknown id.
   */
  public Mono<Conversation> owned(UUID id, PlatformPrincipal user) {
    return service.owned(id, user);
  }

  /** The name the user goes by in a conversation: the persona's, or the default. */
  public String userName(Persona persona) {
    return service.userName(persona);
  }

  // --- messages ------------------------------------------------------------------------------

  public Optional<Message> message(UUID conversationId, UUID messageId) {
    return store.message(conversationId, messageId);
  }

  /** The message, or a 404 problem. */
  public Message requiredMessage(UUID conversationId, UUID messageId) {
    return store
        .message(conversationId, messageId)
        .orElseThrow(() -> PlatformProblem.notFound("message " + messageId + " was not found"));
  }

  /** Up to {@code limit} messages of the path ending at {@code lastId}, oldest first. */
  public List<Message> path(UUID lastId, int limit) {
    return store.path(lastId, limit);
  }

  /** Stores a turn's message below its parent; answers it as stored (see the store). */
  public Message appendMessage(Message draft) {
    return store.appendMessage(draft);
  }

  /** Keeps what the model wrote before moderation replaced it, for moderators. */
  public void keepModeratedOriginal(UUID messageId, String original) {
    store.keepModeratedOriginal(messageId, original);
  }

  public void setHead(UUID conversationId, UUID headId, Instant now) {
    store.setHead(conversationId, headId, now);
  }

  /** Deletes a message and everything written below it. */
  public void deleteWithReplies(UUID messageId) {
    store.deleteDescendants(messageId);
    store.deleteMessage(messageId);
  }

  // --- the recent path, cached ---------------------------------------------------------------

  /** The newest messages (oldest first) of the path ending at {@code head}. */
  public Mono<List<Message>> recent(UUID conversationId, UUID head) {
    return history.recent(conversationId, head);
  }

  /** Records that the path now ends with {@code added}, after {@code previous}. */
  public Mono<Void> appended(UUID conversationId, List<Message> previous, List<Message> added) {
    return history.appended(conversationId, previous, added);
  }

  /** Drops the cached recent path, after a change that did not simply append to it. */
  public Mono<Void> forgetRecent(UUID conversationId) {
    return history.invalidate(conversationId);
  }

  // --- the turn lease ------------------------------------------------------------------------

  /**
   * Takes the conversation's turn lease unless another live turn holds it.
   *
   * @return whether this turn may run
   */
  public boolean acquireTurn(
      UUID id, String userId, String product, UUID turnId, Instant now, Instant staleBefore) {
    return store.acquireTurn(id, userId, product, turnId, now, staleBefore);
  }

  /**
   * Inside a transaction: whether the conversation still exists, holding it until the commit so
   * that an account's erasure, which deletes it, waits for the transaction or has already gone
   * before it. A turn's write that does not reference the conversation (a usage event alone) checks
   * this first, so nothing naming a deleted user is written after the erasure.
   */
  public boolean holdIfPresent(UUID id) {
    return store.holdIfPresent(id);
  }

  public void releaseTurn(UUID id, UUID turnId) {
    store.releaseTurn(id, turnId);
  }

  /**
   * Ends a turn: {@code headId} (its reply) becomes the head, the turn's lease is freed and the
   * turn counts towards the next rolling summary, whose new count is returned.
   */
  public int finishTurn(UUID id, UUID headId, UUID turnId, Instant now) {
    return store.finishTurn(id, headId, turnId, now);
  }

  // --- the rolling summary -------------------------------------------------------------------

  /** Claims the right to write the next summary; false when another one is running. */
  public boolean claimSummary(UUID id, Instant now, Instant staleBefore) {
    return store.claimSummary(id, now, staleBefore);
  }

  public void storeSummary(UUID id, String summary, UUID throughMessageId) {
    store.storeSummary(id, summary, throughMessageId);
  }

  public void abandonSummary(UUID id) {
    store.abandonSummary(id);
  }
}
