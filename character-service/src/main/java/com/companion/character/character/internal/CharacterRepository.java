package com.companion.character.character.internal;

import com.companion.character.card.CharacterCard;
import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterRows;
import com.companion.character.character.ContentRating;
import com.companion.character.character.ReviewStatus;
import com.companion.character.character.SearchColumns;
import com.companion.character.character.Visibility;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code characters} and {@code character_versions} tables. */
@Repository
public class CharacterRepository {

  /** Lists show the start of the description only. */
  private static final int PREVIEW_CODE_POINTS = 280;

  private static final String SELECT = CharacterRows.SELECT;

  private final JdbcClient jdbc;
  private final SearchColumns search;

  public CharacterRepository(JdbcClient jdbc, SearchColumns search) {
    this.jdbc = jdbc;
    this.search = search;
  }

  public record VersionRow(int version, String card, Instant createdAt) {}

  /** A version in the history list: its number and when it was written, without the card. */
  public record VersionEntry(int version, Instant createdAt) {}

  public void insert(
      UUID id,
      String ownerId,
      String product,
      Visibility visibility,
      ReviewStatus reviewStatus,
      ContentRating contentRating,
      CharacterCard card,
      String cardJson,
      double trendingScore,
      Instant now) {
    // positional parameters: named ones would expand the String[] arrays into lists
    jdbc.sql(
            """
            insert into character.characters (id, owner_id, product, visibility, review_status,
              content_rating, latest_version, name, nickname, creator, description_preview, tags,
              tag_keys, search_text, search_grams, trending_score, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            id,
            ownerId,
            product,
            visibility.value(),
            reviewStatus.value(),
            contentRating.value(),
            card.name(),
            card.nickname(),
            card.creator(),
            preview(card.description()),
            card.tags().toArray(String[]::new),
            search.tagKeys(card.tags()).toArray(String[]::new),
            search.text(card),
            grams(card),
            trendingScore,
            Timestamp.from(now),
            Timestamp.from(now))
        .update();
    insertVersion(id, 1, cardJson, ownerId, now);
  }

  /** Writes the next version and copies its list fields onto the character row. */
  public int addVersion(
      UUID id, CharacterCard card, String cardJson, String authorId, Instant now) {
    int version =
        jdbc.sql(
                """
                update character.characters set latest_version = latest_version + 1,
                  name = ?, nickname = ?, creator = ?, description_preview = ?, tags = ?,
                  tag_keys = ?, search_text = ?, search_grams = ?, updated_at = ?
                where id = ? returning latest_version
                """)
            .params(
                card.name(),
                card.nickname(),
                card.creator(),
                preview(card.description()),
                card.tags().toArray(String[]::new),
                search.tagKeys(card.tags()).toArray(String[]::new),
                search.text(card),
                grams(card),
                Timestamp.from(now),
                id)
            .query(Integer.class)
            .single();
    insertVersion(id, version, cardJson, authorId, now);
    return version;
  }

  private void insertVersion(UUID id, int version, String cardJson, String authorId, Instant now) {
    jdbc.sql(
            """
            insert into character.character_versions (character_id, version, card, author_id,
              created_at) values (?, ?, ?, ?, ?)
            """)
        .params(id, version, cardJson, authorId, Timestamp.from(now))
        .update();
  }

  public Optional<CharacterRow> find(UUID id) {
    return jdbc.sql(SELECT + "where c.id = ?").param(id).query(CharacterRows::map).optional();
  }

  /** Reads and locks the row until the transaction ends, so changes to it run one at a time. */
  public Optional<CharacterRow> lock(UUID id) {
    return jdbc.sql(SELECT + "where c.id = ? for update of c")
        .param(id)
        .query(CharacterRows::map)
        .optional();
  }

  public Optional<VersionRow> findVersion(UUID id, int version) {
    return jdbc.sql(
            """
            select version, card, created_at from character.character_versions
            where character_id = ? and version = ?
            """)
        .params(id, version)
        .query(
            (rs, i) ->
                new VersionRow(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .optional();
  }

  public Optional<Instant> findVersionCreatedAt(UUID id, int version) {
    return jdbc.sql(
            """
            select created_at from character.character_versions
            where character_id = ? and version = ?
            """)
        .params(id, version)
        .query((rs, i) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /** A character's versions after {@code afterVersion}, oldest first. */
  public List<VersionEntry> listVersions(UUID id, int afterVersion, int n) {
    return jdbc.sql(
            """
            select version, created_at from character.character_versions
            where character_id = ? and version > ? order by version limit ?
            """)
        .params(id, afterVersion, n)
        .query((rs, i) -> new VersionEntry(rs.getInt(1), rs.getTimestamp(2).toInstant()))
        .list();
  }

  public void setVisibility(
      UUID id, Visibility visibility, ReviewStatus reviewStatus, Instant now) {
    jdbc.sql(
            """
            update character.characters set visibility = ?, review_status = ?, updated_at = ?
            where id = ?
            """)
        .params(visibility.value(), reviewStatus.value(), Timestamp.from(now), id)
        .update();
  }

  public void setReview(
      UUID id,
      ReviewStatus status,
      String reason,
      String reviewerId,
      Integer approvedVersion,
      Instant now) {
    jdbc.sql(
            """
            update character.characters set review_status = ?, review_reason = ?,
              reviewed_by = ?, reviewed_at = ?, approved_version = coalesce(?, approved_version),
              published_at = case when ? = 'approved' then coalesce(published_at, ?)
                                  else published_at end
            where id = ?
            """)
        .params(
            status.value(),
            reason,
            reviewerId,
            Timestamp.from(now),
            approvedVersion,
            status.value(),
            Timestamp.from(now),
            id)
        .update();
  }

  public void setContentRating(UUID id, ContentRating rating) {
    jdbc.sql("update character.characters set content_rating = ? where id = ?")
        .params(rating.value(), id)
        .update();
  }

  public void touch(UUID id, Instant now) {
    jdbc.sql("update character.characters set updated_at = ? where id = ?")
        .params(Timestamp.from(now), id)
        .update();
  }

  public void delete(UUID id) {
    jdbc.sql("delete from character.characters where id = ?").param(id).update();
  }

  /**
   * The owner's characters in one product, most recently changed first, after the given keyset
   * position.
   */
  public List<CharacterRow> listByOwner(
      String ownerId, String product, Instant afterUpdated, UUID afterId, int n) {
    if (afterId == null) {
      return jdbc.sql(
              SELECT
                  + "where c.owner_id = ? and c.product = ?"
                  + " order by c.updated_at desc, c.id desc limit ?")
          .params(ownerId, product, n)
          .query(CharacterRows::map)
          .list();
    }
    return jdbc.sql(
            SELECT
                + "where c.owner_id = ? and c.product = ? and (c.updated_at, c.id) < (?, ?)"
                + " order by c.updated_at desc, c.id desc limit ?")
        .params(ownerId, product, Timestamp.from(afterUpdated), afterId, n)
        .query(CharacterRows::map)
        .list();
  }

  /** Public characters of one product waiting for review, oldest change first. */
  public List<CharacterRow> listPending(String product, Instant afterUpdated, UUID afterId, int n) {
    String where =
        "where c.product = ? and c.review_status = 'pending' and c.visibility = 'public'";
    if (afterId == null) {
      return jdbc.sql(SELECT + where + " order by c.updated_at, c.id limit ?")
          .params(product, n)
          .query(CharacterRows::map)
          .list();
    }
    return jdbc.sql(
            SELECT
                + where
                + " and (c.updated_at, c.id) > (?, ?) order by c.updated_at, c.id limit ?")
        .params(product, Timestamp.from(afterUpdated), afterId, n)
        .query(CharacterRows::map)
        .list();
  }

  public int versionCount(UUID id) {
    return jdbc.sql("select count(*) from character.character_versions where character_id = ?")
        .param(id)
        .query(Integer.class)
        .single();
  }

  private String[] grams(CharacterCard card) {
    return search.grams(search.text(card)).toArray(String[]::new);
  }

  private static String preview(String description) {
    if (description.codePointCount(0, description.length()) <= PREVIEW_CODE_POINTS) {
      return description;
    }
    return description.substring(0, description.offsetByCodePoints(0, PREVIEW_CODE_POINTS)) + "…";
  }
}
