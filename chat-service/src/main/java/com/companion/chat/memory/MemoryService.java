package com.companion.chat.memory;

import com.companion.chat.ChatProperties;
import com.companion.chat.conversation.Conversations;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Mono;

/**
 * Pinned memories: at most {@code chat.memory.pinned-limit} per conversation, each size-limited.
 */
public final class MemoryService {

  private final JdbcClient jdbc;
  private final Conversations conversations;
  private final ChatProperties.Memory settings;
  private final Clock clock;

  public MemoryService(
      JdbcClient jdbc, Conversations conversations, ChatProperties.Memory settings, Clock clock) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.settings = settings;
    this.clock = clock;
  }

  /** What to pin: a message of the conversation, or free text. */
  public record PinRequest(UUID messageId, String content) {}

  public Mono<List<PinnedMemory>> list(UUID conversationId, PlatformPrincipal user) {
    return conversations
        .owned(conversationId, user)
        .flatMap(c -> Blocking.call(() -> contents(c.id())));
  }

  /** Pinned memories of a conversation, oldest first (no ownership check; for prompt assembly). */
  public List<PinnedMemory> contents(UUID conversationId) {
    return jdbc.sql(
            "select id, message_id, content, created_at from chat.pinned_memories"
                + " where conversation_id = ? order by created_at, id")
        .param(conversationId)
        .query(
            (rs, i) ->
                new PinnedMemory(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()))
        .list();
  }

  public Mono<PinnedMemory> pin(UUID conversationId, PlatformPrincipal user, PinRequest request) {
    boolean fromMessage = request.messageId() != null;
    boolean fromText = request.content() != null && !request.content().isBlank();
    if (fromMessage == fromText) {
      throw PlatformProblem.badRequest("give either message_id or content")
          .with("field", "content");
    }
    return conversations
        .owned(conversationId, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      String content;
                      if (fromMessage) {
                        content =
                            conversations.requiredMessage(c.id(), request.messageId()).content();
                      } else {
                        content = request.content().strip();
                      }
                      if (content.length() > settings.pinnedMaxChars()) {
                        throw PlatformProblem.of(
                                HttpStatusCode.valueOf(422),
                                ProblemType.UNPROCESSABLE,
                                "a pinned memory holds at most "
                                    + settings.pinnedMaxChars()
                                    + " characters")
                            .with("limit", settings.pinnedMaxChars());
                      }
                      return count(c.id()) >= settings.pinnedLimit()
                          ? limitReached()
                          : insert(c.id(), request.messageId(), content);
                    }));
  }

  private PinnedMemory limitReached() {
    throw PlatformProblem.conflict(
            "this conversation already has " + settings.pinnedLimit() + " pinned memories")
        .with("limit", settings.pinnedLimit());
  }

  private int count(UUID conversationId) {
    return jdbc.sql("select count(*) from chat.pinned_memories where conversation_id = ?")
        .param(conversationId)
        .query(Integer.class)
        .single();
  }

  private PinnedMemory insert(UUID conversationId, UUID messageId, String content) {
    PinnedMemory memory = new PinnedMemory(UUID.randomUUID(), messageId, content, clock.instant());
    jdbc.sql(
            "insert into chat.pinned_memories (id, conversation_id, message_id, content, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(memory.id(), conversationId, messageId, content, Timestamp.from(memory.createdAt()))
        .update();
    return memory;
  }

  public Mono<Void> unpin(UUID conversationId, PlatformPrincipal user, UUID memoryId) {
    return conversations
        .owned(conversationId, user)
        .flatMap(
            c ->
                Blocking.call(
                    () ->
                        jdbc.sql(
                                "delete from chat.pinned_memories where id = ? and conversation_id = ?")
                            .params(memoryId, c.id())
                            .update()))
        .flatMap(
            deleted ->
                deleted == 1
                    ? Mono.<Void>empty()
                    : Mono.error(
                        PlatformProblem.notFound("memory " + memoryId + " was not found")));
  }
}
