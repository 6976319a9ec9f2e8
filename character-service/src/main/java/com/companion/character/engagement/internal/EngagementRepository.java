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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Likes, chat signals, counters and the trending score of {@code characters}. */
@Repository
public class EngagementRepository {

  private final JdbcClient jdbc;

  public EngagementRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * {@code log2(2^score + 2^:signal)} in SQL, so that a signal is added by one update of the row;
   * past a gap of 64 the smaller term is below a double's precision, and PostgreSQL would raise an
   * underflow for {@code power} of a large negative exponent.
   */
  private static final String ADD_SIGNAL =
      """
      greatest(c.trending_score, :signal) + case when abs(c.trending_score - :signal) > 64 then 0
        else ln(1 + power(2::float8, -abs(c.trending_score - :signal))) / ln(2::float8) end""";

  /**
   * {@code log2(2^score - 2^:signal)}, floored at {@link TrendingScore#empty()} when nothing is
   * left (the signal was the whole score, or more after rounding).
   */
  private static final String REMOVE_SIGNAL =
      """
      case when :signal >= c.trending_score - 1e-9 then :empty
        when c.trending_score - :signal > 64 then c.trending_score
        else greatest(:empty, c.trending_score
          + ln(1 - power(2::float8, :signal - c.trending_score)) / ln(2::float8)) end""";

  /** Adds a signal to the stored trending score in one statement. */
  public void addTrendingSignal(UUID id, double signal) {
    updateScore(id, ADD_SIGNAL, signal);
  }

  /** Takes back exactly what {@link #addTrendingSignal} added for this signal, in one statement. */
  public void removeTrendingSignal(UUID id, double signal) {
    updateScore(id, REMOVE_SIGNAL, signal);
  }

  private void updateScore(UUID id, String newScore, double signal) {
    jdbc.sql(
            "update character.characters c set trending_score = %s where c.id = :id"
                .formatted(newScore))
        .param("signal", signal)
        .param("empty", TrendingScore.empty())
        .param("id", id)
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

  /**
   * Counts a chat start in one statement: the user's row of the day, the character's count, and
   * {@code firstSignal} added to the trending score when this is the user's first start with the
   * character on this day. The character's row stays locked only from this statement to the commit,
   * so the starts of a popular character do not queue behind each other's earlier statements. False
   * when there is no such character (also when it was deleted after the caller read it).
   */
  public boolean recordChat(
      UUID id, String userId, LocalDate day, Instant now, double firstSignal) {
    try {
      return jdbc.sql(
                  """
                with chat as (
                  insert into character.character_chats (character_id, day, user_id, chats, first_at)
                  values (:id, :day, :user, 1, :now)
                  on conflict (character_id, day, user_id) do update
                    set chats = character.character_chats.chats + 1
                  returning (xmax = 0) as is_first
                )
                update character.characters c
                   set chat_count = c.chat_count + 1,
                       trending_score = case when (select is_first from chat)
                         then %s else c.trending_score end
                 where c.id = :id
                """
                      .formatted(ADD_SIGNAL))
              .param("id", id)
              .param("day", day)
              .param("user", userId)
              .param("now", Timestamp.from(now))
              .param("signal", firstSignal)
              .update()
          > 0;
    } catch (DataIntegrityViolationException characterGone) {
      // the day's row names a character that no longer exists
      return false;
    }
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
