package com.companion.character.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Removes or anonymises everything {@code character} holds about one account of one product. Call
 * inside a transaction: the deletion and its record commit together or not at all.
 */
@Repository
public class AccountErasure {

  private final JdbcClient jdbc;

  public AccountErasure(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A character deleted with its owner, as its {@code character.deleted} event describes it. */
  public record DeletedCharacter(
      UUID id, int version, String visibility, String reviewStatus, String name) {}

  /**
   * Deletes the user's characters that nobody else could have chatted with: private, unlisted, and
   * public ones never approved. Their versions, avatars, likes and chat signals go by cascade.
   */
  public List<DeletedCharacter> deleteUnpublishedCharacters(String userId, String product) {
    return jdbc.sql(
            """
            delete from character.characters
            where owner_id = ? and product = ?
              and not (visibility = 'public' and published_at is not null)
            returning id, latest_version, visibility, review_status, name
            """)
        .params(userId, product)
        .query(
            (rs, n) ->
                new DeletedCharacter(
                    rs.getObject("id", UUID.class),
                    rs.getInt("latest_version"),
                    rs.getString("visibility"),
                    rs.getString("review_status"),
                    rs.getString("name")))
        .list();
  }

  /**
   * Public characters that were published stay, so other users' conversations with them keep
   * working; the account's id gives way to {@code marker} as owner, author and reviewer, and their
   * avatars (uploaded images, the likeliest personal data) are deleted. Answers how many were kept.
   */
  public int anonymisePublishedCharacters(String userId, String product, String marker) {
    jdbc.sql(
            """
            delete from character.character_avatars a using character.characters c
            where a.character_id = c.id and c.owner_id = ? and c.product = ?
            """)
        .params(userId, product)
        .update();
    jdbc.sql(
            """
            update character.character_versions v set author_id = ?
            from character.characters c
            where v.character_id = c.id and v.author_id = ? and c.product = ?
            """)
        .params(marker, userId, product)
        .update();
    // a moderator's own account going: their past decisions stay, without their id
    jdbc.sql(
            "update character.characters set reviewed_by = ? where reviewed_by = ? and product = ?")
        .params(marker, userId, product)
        .update();
    return jdbc.sql(
            "update character.characters set owner_id = ? where owner_id = ? and product = ?")
        .params(marker, userId, product)
        .update();
  }

  /** The user's likes (counts go down as on unlike) and chat-start signals behind creator stats. */
  public void deleteEngagement(String userId, String product) {
    jdbc.sql(
            """
            update character.characters c set like_count = greatest(c.like_count - 1, 0)
            from character.character_likes l
            where l.character_id = c.id and l.user_id = ? and c.product = ?
            """)
        .params(userId, product)
        .update();
    jdbc.sql(
            """
            delete from character.character_likes l using character.characters c
            where l.character_id = c.id and l.user_id = ? and c.product = ?
            """)
        .params(userId, product)
        .update();
    jdbc.sql(
            """
            delete from character.character_chats h using character.characters c
            where h.character_id = c.id and h.user_id = ? and c.product = ?
            """)
        .params(userId, product)
        .update();
  }

  /**
   * The user's personas with their avatars. Personas written before products existed carry the
   * product {@code ''}; an account id belongs to one product, so those are this account's too.
   */
  public int deletePersonas(String userId, String product) {
    return jdbc.sql("delete from character.personas where owner_id = ? and product in (?, '')")
        .params(userId, product)
        .update();
  }

  /** Records that the account's deletion is done; the id is kept only as its hash. */
  public void recordDone(String userHash, UUID eventId, Instant doneAt) {
    jdbc.sql(
            """
            insert into character.account_deletions (user_hash, event_id, done_at)
            values (?, ?, ?)
            on conflict (user_hash) do update
            set event_id = excluded.event_id, done_at = excluded.done_at
            """)
        .params(userHash, eventId, Timestamp.from(doneAt))
        .update();
  }
}
