package com.companion.chat.feedback;

import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.Message;
import com.companion.chat.conversation.MessageView;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

/**
 * Stars (1 to 4) for a character's reply, with an optional reason. The latest rating of a reply
 * counts; each rating is also an event, so reply quality can be tracked per model version.
 */
public final class RatingService {

  static final int MAX_REASON = 1000;

  private final JdbcClient jdbc;
  private final Conversations conversations;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final Clock clock;

  public RatingService(
      JdbcClient jdbc,
      Conversations conversations,
      TransactionTemplate transactions,
      Outbox outbox,
      Clock clock) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.transactions = transactions;
    this.outbox = outbox;
    this.clock = clock;
  }

  public Mono<MessageView> rate(
      UUID conversationId, UUID messageId, PlatformPrincipal user, Integer stars, String reason) {
    if (stars == null || stars < 1 || stars > 4) {
      throw PlatformProblem.badRequest("stars must be 1 to 4").with("field", "stars");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw PlatformProblem.badRequest("reason is longer than " + MAX_REASON + " characters")
          .with("field", "reason");
    }
    return conversations
        .owned(conversationId, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      Message message = conversations.requiredMessage(c.id(), messageId);
                      if (!Message.ASSISTANT.equals(message.role())) {
                        throw PlatformProblem.badRequest("only a character's replies can be rated");
                      }
                      transactions.executeWithoutResult(
                          status -> {
                            jdbc.sql(
                                    "insert into chat.message_ratings (message_id, conversation_id,"
                                        + " user_id, stars, reason, rated_at)"
                                        + " values (?, ?, ?, ?, ?, ?) on conflict (message_id) do"
                                        + " update set stars = excluded.stars,"
                                        + " reason = excluded.reason, rated_at = excluded.rated_at")
                                .params(
                                    messageId,
                                    c.id(),
                                    user.userId(),
                                    stars,
                                    reason,
                                    Timestamp.from(clock.instant()))
                                .update();
                            outbox.append(
                                Topics.CHAT_TURN,
                                c.id().toString(),
                                ChatEvents.REPLY_RATED,
                                "conversations/" + c.id() + "/messages/" + messageId,
                                user.product(),
                                user.userId(),
                                new ChatEvents.ReplyRated(
                                    ChatEvents.SCHEMA_VERSION,
                                    c.id().toString(),
                                    messageId.toString(),
                                    message.speakerId(),
                                    stars,
                                    reason));
                          });
                      return MessageView.of(conversations.message(c.id(), messageId).orElseThrow());
                    }));
  }
}
