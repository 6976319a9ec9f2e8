package com.companion.character.engagement.internal;

import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterRows;
import com.companion.character.engagement.TrendingScore;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Likes, chat signals, counters and the trending score of {@code characters}. */
@Repository
public class EngagementRepository {

  private final JdbcClient jdbc;

  public EngagementRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a signal to the stored trending score; locks the row until the transaction ends. */
  public void addTrendingSignal(UUID id, double signal) {
    double current = lockScore(id);
    setScore(id, TrendingScore.add(current, signal));
  }

  public void removeTrendingSignal(UUID id, double signal) {
    double current = lockScore(id);
    setScore(id, TrendingScore.remove(current, signal));
  }

  private double lockScore(UUID id) {
    return jdbc.sql("select trending_score from character.characters where id = ? for update")
        .param(id)
        .query(Double.class)
        .single();
  }

  private void setScore(UUID id, double score) {
    jdbc.sql("update character.characters set trending_score = ? where id = ?")
        .params(score, id)
        .update();
  }

  /** Records a like; false when the user had already liked it. */
  public boolean like(UUID id, String userId, Instant now) {
    boolean inserted =
        jdbc.sql(
                    """
                insert into character.character_likes (character_id, user_id, liked_at)
                values (?, ?, ?) on conflict do nothing
                """)
                .params(id, userId, Timestamp.from(now))
                .update()
            > 0;
    if (inserted) {
      jdbc.sql("update character.characters set like_count = like_count + 1 where id = ?")
          .param(id)
          .update();
    }
    return inserted;
  }

  /** Removes a like and answers when it was given; empty when there was none. */
  public Optional<Instant> unlike(UUID id, String userId) {
    Optional<Instant> likedAt =
        jdbc.sql(
                """
                delete from character.character_likes where character_id = ? and user_id = ?
                returning liked_at
                """)
            .params(id, userId)
            .query((rs, i) -> rs.getTimestamp(1).toInstant())
            .optional();
    if (likedAt.isPresent()) {
      jdbc.sql(
              "update character.characters set like_count = greatest(like_count - 1, 0)"
                  + " where id = ?")
          .param(id)
          .update();
    }
    return likedAt;
  }

  /** A like of the user's and the character it is for. */
  public record LikedRow(CharacterRow character, Instant likedAt) {}

  private static final String LIKED =
      "select "
          + CharacterRows.COLUMNS
          + ", l.liked_at as liked_at from character.character_likes l"
          + " join character.characters c on c.id = l.character_id"
          + " left join character.character_avatars a on a.character_id = c.id"
          + " where l.user_id = ? and c.product = ? ";

  /**
   * The user's likes of characters in one product, newest first, after the given keyset position. A
   * like needs the character readable, so it lives in the character's product.
   */
  public List<LikedRow> likedBy(
      String userId, String product, Instant afterLikedAt, UUID afterId, int n) {
    if (afterId == null) {
      return jdbc.sql(LIKED + "order by l.liked_at desc, l.character_id desc limit ?")
          .params(userId, product, n)
          .query(
              (rs, i) ->
                  new LikedRow(CharacterRows.map(rs, i), rs.getTimestamp("liked_at").toInstant()))
          .list();
    }
    return jdbc.sql(
            LIKED
                + "and (l.liked_at, l.character_id) < (?, ?)"
                + " order by l.liked_at desc, l.character_id desc limit ?")
        .params(userId, product, Timestamp.from(afterLikedAt), afterId, n)
        .query(
            (rs, i) ->
                new LikedRow(CharacterRows.map(rs, i), rs.getTimestamp("liked_at").toInstant()))
        .list();
  }

  public boolean isLiked(UUID id, String userId) {
    return jdbc.sql(
            "select exists (select 1 from character.character_likes"
                + " where character_id = ? and user_id = ?)")
        .params(id, userId)
        .query(Boolean.class)
        .single();
  }

  public long likeCount(UUID id) {
    return jdbc.sql("select like_count from character.characters where id = ?")
        .param(id)
        .query(Long.class)
        .single();
  }

  /** Counts a chat start; true when it is this user's first with the character on this day. */
  public boolean recordChat(UUID id, String userId, LocalDate day, Instant now) {
    boolean first =
        jdbc.sql(
                """
                insert into character.character_chats (character_id, day, user_id, chats, first_at)
                values (?, ?, ?, 1, ?)
                on conflict (character_id, day, user_id) do update
                  set chats = character.character_chats.chats + 1
                returning (xmax = 0)
                """)
            .params(id, day, userId, Timestamp.from(now))
            .query(Boolean.class)
            .single();
    jdbc.sql("update character.characters set chat_count = chat_count + 1 where id = ?")
        .param(id)
        .update();
    return first;
  }

  /** Figures for the creator's dashboard. */
  public record Counts(
      long likesSince, long chatsSince, long chattersSince, long chattersAllTime) {}

  public Counts counts(UUID id, Instant since) {
    LocalDate sinceDay = since.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    return jdbc.sql(
            """
            select
              (select count(*) from character.character_likes
                 where character_id = ? and liked_at >= ?),
              (select coalesce(sum(chats), 0) from character.character_chats
                 where character_id = ? and day >= ?),
              (select count(distinct user_id) from character.character_chats
                 where character_id = ? and day >= ?),
              (select count(distinct user_id) from character.character_chats
                 where character_id = ?)
            """)
        .params(id, Timestamp.from(since), id, sinceDay, id, sinceDay, id)
        .query((rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
        .single();
  }
}
