package com.companion.chat.conversation;

import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.internal.RedisCache;
import com.companion.platform.web.Blocking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recent messages of a conversation's current path, for prompt assembly, cached in Redis.
 *
 * <p>An entry records the head it was built for and is used only while the conversation's head is
 * still that message, so a stale entry is never used even if an invalidation was lost; edits,
 * rewinds, swipes and deletes also drop it at once. Only content and speakers matter here: the
 * API's own history reads (with ratings and swipe counts) always come from PostgreSQL.
 */
public final class HistoryCache {

  private static final TypeReference<Entry> ENTRY = new TypeReference<>() {};

  private final RedisCache redis;
  private final ConversationStore store;
  private final JsonMapper json;
  private final int size;
  private final Duration ttl;

  HistoryCache(RedisCache redis, ConversationStore store, JsonMapper json, int size, Duration ttl) {
    this.redis = redis;
    this.store = store;
    this.json = json;
    this.size = size;
    this.ttl = ttl;
  }

  /** What is stored: the head the path was read for, and the path. */
  public record Entry(UUID head, List<Message> messages) {}

  /** The newest messages (oldest first) of the path ending at {@code head}. */
  public Mono<List<Message>> recent(UUID conversationId, UUID head) {
    if (head == null) {
      return Mono.just(List.of());
    }
    return redis
        .get(key(conversationId))
        .mapNotNull(
            text -> {
              try {
                Entry entry = json.readValue(text, ENTRY);
                return head.equals(entry.head()) ? entry.messages() : null;
              } catch (RuntimeException e) {
                return null;
              }
            })
        .switchIfEmpty(
            Mono.defer(
                () ->
                    Blocking.call(() -> store.path(head, size))
                        .flatMap(path -> remember(conversationId, head, path).thenReturn(path))));
  }

  /** Records that the path now ends with {@code added}, after {@code previous}. */
  public Mono<Void> appended(UUID conversationId, List<Message> previous, List<Message> added) {
    if (added.isEmpty()) {
      return Mono.empty();
    }
    List<Message> path = new ArrayList<>(previous);
    path.addAll(added);
    List<Message> recent = path.subList(Math.max(0, path.size() - size), path.size());
    return remember(conversationId, added.getLast().id(), recent);
  }

  public Mono<Void> invalidate(UUID conversationId) {
    return redis.delete(key(conversationId));
  }

  private Mono<Void> remember(UUID conversationId, UUID head, List<Message> path) {
    return redis.put(key(conversationId), json.writeValueAsString(new Entry(head, path)), ttl);
  }

  static String key(UUID conversationId) {
    return "chat:history:" + conversationId;
  }
}
