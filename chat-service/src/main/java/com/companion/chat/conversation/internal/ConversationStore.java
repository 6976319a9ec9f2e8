package com.companion.chat.conversation.internal;

import com.companion.chat.catalog.Persona;
import com.companion.chat.conversation.Conversation;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.Message;
import com.companion.platform.web.PlatformProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL for conversations and their message tree (schema {@code chat}). Blocking; call off the event
 * loop.
 */
public final class ConversationStore {

  private static final String MESSAGE_COLUMNS =
      "m.id, m.conversation_id, m.parent_id, m.depth, m.role, m.speaker_id, m.content,"
          + " m.finish_reason, m.safety_outcome, m.model, m.prompt_tokens, m.completion_tokens,"
          + " m.ttft_ms, m.created_at";

  /** Sibling index and count (same parent, same role) and the rating, for each message row. */
  private static final String MESSAGE_EXTRAS =
      ", (select count(*) from chat.messages s where s.conversation_id = m.conversation_id"
          + " and s.parent_id is not distinct from m.parent_id and s.role = m.role"
          + " and s.seq < m.seq) as alternative"
          + ", (select count(*) from chat.messages s where s.conversation_id = m.conversation_id"
          + " and s.parent_id is not distinct from m.parent_id and s.role = m.role) as alternatives"
          + ", (select r.stars from chat.message_ratings r where r.message_id = m.id) as rating";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ConversationStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void insert(Conversation c) {
    jdbc.sql(
            "insert into chat.conversations (id, user_id, product, title, is_group, persona_id,"
                + " persona, head_message_id, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")
        .params(
            c.id(),
            c.userId(),
            c.product(),
            c.title(),
            c.group(),
            c.persona() == null ? null : c.persona().id(),
            c.persona() == null
                ? null
                : json.writeValueAsString(
                    Map.of(
                        "id", nz(c.persona().id()),
                        "name", nz(c.persona().name()),
                        "description", nz(c.persona().description()))),
            c.headMessageId(),
            ts(c.createdAt()),
            ts(c.updatedAt()))
        .update();
    for (Participant p : c.participants()) {
      jdbc.sql(
              "insert into chat.conversation_characters (conversation_id, character_id,"
                  + " character_version, name, talkativeness, position) values (?, ?, ?, ?, ?, ?)")
          .params(c.id(), p.characterId(), p.version(), p.name(), p.talkativeness(), p.position())
          .update();
    }
  }

  public void insertMessage(Message m) {
    jdbc.sql(
            "insert into chat.messages (id, conversation_id, parent_id, depth, role, speaker_id,"
                + " content, finish_reason, safety_outcome, model, prompt_tokens,"
                + " completion_tokens, ttft_ms, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            m.id(),
            m.conversationId(),
            m.parentId(),
            m.depth(),
            m.role(),
            m.speakerId(),
            m.content(),
            m.finishReason(),
            m.safetyOutcome(),
            m.model(),
            m.promptTokens(),
            m.completionTokens(),
            m.ttftMs(),
            ts(m.createdAt()))
        .update();
  }

  /**
   * Inserts a turn's message below its parent and answers it as stored, in one statement: the depth
   * comes from the parent, and the siblings of the same role already there give its index and their
   * count (RETURNING reads the statement's snapshot, which does not hold the new row; the turn's
   * lease keeps other siblings from being added meanwhile). {@code draft}'s depth, index, count and
   * rating are ignored; its time is kept to the microsecond, as PostgreSQL keeps it.
   */
  public Message appendMessage(Message draft) {
    try {
      return append(draft);
    } catch (DataIntegrityViolationException e) {
      // the parent went away meanwhile (a rewind or delete during the turn)
      throw PlatformProblem.notFound("message " + draft.parentId() + " was not found");
    }
  }

  private Message append(Message draft) {
    Instant created = draft.createdAt().truncatedTo(ChronoUnit.MICROS);
    return jdbc.sql(
            "insert into chat.messages (id, conversation_id, parent_id, depth, role, speaker_id,"
                + " content, finish_reason, safety_outcome, model, prompt_tokens,"
                + " completion_tokens, ttft_ms, created_at)"
                + " values (?, ?, ?::uuid, coalesce((select p.depth + 1 from chat.messages p"
                + " where p.id = ?::uuid and p.conversation_id = ?), 0),"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " returning depth, (select count(*) from chat.messages s"
                + " where s.conversation_id = ? and s.parent_id is not distinct from ?::uuid"
                + " and s.role = ?) as earlier")
        .params(
            draft.id(),
            draft.conversationId(),
            draft.parentId(),
            draft.parentId(),
            draft.conversationId(),
            draft.role(),
            draft.speakerId(),
            draft.content(),
            draft.finishReason(),
            draft.safetyOutcome(),
            draft.model(),
            draft.promptTokens(),
            draft.completionTokens(),
            draft.ttftMs(),
            ts(created),
            draft.conversationId(),
            draft.parentId(),
            draft.role())
        .query(
            (rs, row) -> {
              int earlier = rs.getInt("earlier");
              return draft.placed(rs.getInt("depth"), earlier, earlier + 1, created);
            })
        .single();
  }

  /** Keeps what the model wrote before moderation replaced it, for moderators. */
  public void keepModeratedOriginal(UUID messageId, String original) {
    jdbc.sql("update chat.messages set moderated_original = ? where id = ?")
        .params(original, messageId)
        .update();
  }

  public Optional<String> moderatedOriginal(UUID messageId) {
    return jdbc.sql("select moderated_original from chat.messages where id = ?")
        .param(messageId)
        .query(String.class)
        .optional();
  }

  /**
   * The conversation if it belongs to this account in this product: products are tenants, so the
   * same account id in another product owns nothing here.
   */
  public Optional<Conversation> find(UUID id, String userId, String product) {
    return jdbc.sql(WITH_PARTICIPANTS + "where id = ? and user_id = ? and product = ?")
        .params(id, userId, product)
        .query(this::conversation)
        .optional();
  }

  /** Conversations of a user in a product, most recently active first, after the cursor. */
  public List<Conversation> list(
      String userId, String product, Instant afterUpdatedAt, UUID afterId, int limit) {
    String where =
        afterUpdatedAt == null
            ? "where user_id = ? and product = ?"
            : "where user_id = ? and product = ? and (updated_at, id) < (?, ?)";
    var spec = jdbc.sql(WITH_PARTICIPANTS + where + " order by updated_at desc, id desc limit ?");
    spec =
        afterUpdatedAt == null
            ? spec.params(userId, product, limit)
            : spec.params(userId, product, ts(afterUpdatedAt), afterId, limit);
    return spec.query(this::conversation).list();
  }

  public Optional<Message> message(UUID conversationId, UUID messageId) {
    return jdbc.sql(
            "select "
                + MESSAGE_COLUMNS
                + MESSAGE_EXTRAS
                + " from chat.messages m where m.conversation_id = ? and m.id = ?")
        .params(conversationId, messageId)
        .query(ConversationStore::message)
        .optional();
  }

  /**
   * Up to {@code limit} messages of the path ending at {@code lastId}, oldest first: the path is
   * walked from the end through the parents.
   */
  public List<Message> path(UUID lastId, int limit) {
    if (lastId == null || limit <= 0) {
      return List.of();
    }
    return jdbc.sql(
            "with recursive path as ("
                + " select m.*, 1 as n from chat.messages m where m.id = ?"
                + " union all"
                + " select m.*, p.n + 1 from chat.messages m join path p on m.id = p.parent_id"
                + " where p.n < ?)"
                + " select "
                + MESSAGE_COLUMNS
                + MESSAGE_EXTRAS
                + " from path m order by m.depth")
        .params(lastId, limit)
        .query(ConversationStore::message)
        .list();
  }

  /** Messages with the same parent and role as the given one, oldest first. */
  public List<Message> siblings(UUID conversationId, UUID parentId, String role) {
    return jdbc.sql(
            "select "
                + MESSAGE_COLUMNS
                + MESSAGE_EXTRAS
                + " from chat.messages m where m.conversation_id = ?"
                + " and m.parent_id is not distinct from ? and m.role = ?"
                + " order by m.seq")
        .params(conversationId, parentId, role)
        .query(ConversationStore::message)
        .list();
  }

  /** The newest leaf below a message, following the most recent child at each step. */
  public UUID latestLeaf(UUID messageId) {
    return jdbc.sql(
            "with recursive down as ("
                + " select id, 0 as d from chat.messages where id = ?"
                + " union all"
                + " select (select c.id from chat.messages c where c.parent_id = down.id"
                + " order by c.seq desc limit 1), d + 1 from down"
                + " where down.id is not null and d < 100000)"
                + " select id from down where id is not null order by d desc limit 1")
        .param(messageId)
        .query(UUID.class)
        .single();
  }

  public void setHead(UUID conversationId, UUID headId, Instant now) {
    jdbc.sql("update chat.conversations set head_message_id = ?, updated_at = ? where id = ?")
        .params(headId, ts(now), conversationId)
        .update();
  }

  /** Renames without touching {@code updated_at}: a new title is not new activity. */
  public boolean rename(UUID id, String userId, String product, String title) {
    return jdbc.sql(
                "update chat.conversations set title = ?"
                    + " where id = ? and user_id = ? and product = ?")
            .params(title, id, userId, product)
            .update()
        == 1;
  }

  public boolean delete(UUID id, String userId, String product) {
    return jdbc.sql("delete from chat.conversations where id = ? and user_id = ? and product = ?")
            .params(id, userId, product)
            .update()
        == 1;
  }

  /** Deletes everything after a message (its children and all below them). */
  public int deleteDescendants(UUID messageId) {
    return jdbc.sql("delete from chat.messages where parent_id = ?").param(messageId).update();
  }

  public void deleteMessage(UUID messageId) {
    jdbc.sql("delete from chat.messages where id = ?").param(messageId).update();
  }

  public int countMessages(UUID conversationId) {
    return jdbc.sql("select count(*) from chat.messages where conversation_id = ?")
        .param(conversationId)
        .query(Integer.class)
        .single();
  }

  /**
   * Takes the conversation's turn lease unless another live turn holds it.
   *
   * @return whether this turn may run
   */
  public boolean acquireTurn(
      UUID id, String userId, String product, UUID turnId, Instant now, Instant staleBefore) {
    return jdbc.sql(
                "update chat.conversations set turn_id = ?, turn_started_at = ?"
                    + " where id = ? and user_id = ? and product = ?"
                    + " and (turn_id is null or turn_started_at < ?)")
            .params(turnId, ts(now), id, userId, product, ts(staleBefore))
            .update()
        == 1;
  }

  public boolean holdIfPresent(UUID id) {
    // key share conflicts only with a delete (or a key change), not with the turn's own updates
    return jdbc.sql("select 1 from chat.conversations where id = ? for key share")
        .param(id)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  public void releaseTurn(UUID id, UUID turnId) {
    jdbc.sql(
            "update chat.conversations set turn_id = null, turn_started_at = null"
                + " where id = ? and turn_id = ?")
        .params(id, turnId)
        .update();
  }

  /**
   * Ends a turn in one statement: the reply becomes the head, the turn's lease (if it still holds
   * it) is freed, and the turn counts towards the next rolling summary, whose new count is
   * returned.
   */
  public int finishTurn(UUID id, UUID headId, UUID turnId, Instant now) {
    return jdbc.sql(
            "update chat.conversations set head_message_id = ?, updated_at = ?,"
                + " turns_since_summary = turns_since_summary + 1,"
                + " turn_id = case when turn_id = ? then null else turn_id end,"
                + " turn_started_at = case when turn_id = ? then null else turn_started_at end"
                + " where id = ? returning turns_since_summary")
        .params(headId, ts(now), turnId, turnId, id)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }

  /** Claims the right to write the next summary; false when another one is running. */
  public boolean claimSummary(UUID id, Instant now, Instant staleBefore) {
    return jdbc.sql(
                "update chat.conversations set summary_started_at = ? where id = ?"
                    + " and (summary_started_at is null or summary_started_at < ?)")
            .params(ts(now), id, ts(staleBefore))
            .update()
        == 1;
  }

  public void storeSummary(UUID id, String summary, UUID throughMessageId) {
    jdbc.sql(
            "update chat.conversations set summary = ?, summary_through_message_id = ?,"
                + " turns_since_summary = 0, summary_started_at = null where id = ?")
        .params(summary, throughMessageId, id)
        .update();
  }

  public void abandonSummary(UUID id) {
    jdbc.sql("update chat.conversations set summary_started_at = null where id = ?")
        .param(id)
        .update();
  }

  /**
   * A conversation's row with its characters in position order, as one JSON array of {@code
   * [character_id, version, name, talkativeness, position]}, and how many memories are pinned:
   * every turn reads its conversation, and one statement here spares a turn two round trips (the
   * characters, and the pinned memories of a conversation that has none, as most have).
   */
  private static final String WITH_PARTICIPANTS =
      """
      select c.*,
             (select json_agg(json_build_array(p.character_id, p.character_version, p.name,
                                               p.talkativeness, p.position) order by p.position)
              from chat.conversation_characters p where p.conversation_id = c.id) as participants,
             (select count(*) from chat.pinned_memories m where m.conversation_id = c.id)
               as pinned_memories
      from chat.conversations c
      """;

  private static List<Participant> participants(JsonNode rows) {
    List<Participant> participants = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      participants.add(
          new Participant(
              row.get(0).asString(),
              row.get(1).asInt(),
              row.get(2).asString(),
              row.get(3).asDouble(),
              row.get(4).asInt()));
    }
    return participants;
  }

  private Conversation conversation(ResultSet rs, int row) throws SQLException {
    String participantsJson = rs.getString("participants");
    String personaJson = rs.getString("persona");
    Persona persona = null;
    if (personaJson != null) {
      JsonNode node = json.readTree(personaJson);
      persona =
          new Persona(
              node.path("id").asString(null),
              node.path("name").asString(null),
              node.path("description").asString(null));
    }
    return new Conversation(
        rs.getObject("id", UUID.class),
        rs.getString("user_id"),
        rs.getString("product"),
        rs.getString("title"),
        rs.getBoolean("is_group"),
        persona,
        rs.getObject("head_message_id", UUID.class),
        rs.getString("summary"),
        rs.getObject("summary_through_message_id", UUID.class),
        rs.getInt("turns_since_summary"),
        participantsJson == null ? List.of() : participants(json.readTree(participantsJson)),
        rs.getInt("pinned_memories"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  static Message message(ResultSet rs, int row) throws SQLException {
    return new Message(
        rs.getObject("id", UUID.class),
        rs.getObject("conversation_id", UUID.class),
        rs.getObject("parent_id", UUID.class),
        rs.getInt("depth"),
        rs.getString("role"),
        rs.getString("speaker_id"),
        rs.getString("content"),
        rs.getString("finish_reason"),
        rs.getString("safety_outcome"),
        rs.getString("model"),
        (Integer) rs.getObject("prompt_tokens"),
        (Integer) rs.getObject("completion_tokens"),
        (Integer) rs.getObject("ttft_ms"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getInt("alternative"),
        rs.getInt("alternatives"),
        rs.getObject("rating") == null ? null : rs.getInt("rating"));
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static String nz(String value) {
    return value == null ? "" : value;
  }
}
