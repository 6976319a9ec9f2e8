package com.companion.character.character;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How to read a {@link CharacterRow} in SQL: the select list (table alias {@code c}, avatars {@code
 * a}) and the row mapper. Public because discovery and engagement join {@code character.characters}
 * into queries of their own; they select these columns and map them with {@link #map}.
 */
public final class CharacterRows {

  private CharacterRows() {}

  /** The columns of a {@link CharacterRow}, over {@code characters c} and {@code avatars a}. */
  public static final String COLUMNS =
      """
      c.id, c.owner_id, c.product, c.visibility, c.review_status, c.review_reason,
      c.approved_version, c.published_at, c.latest_version, c.name, c.nickname, c.creator,
      c.description_preview, c.tags, c.like_count, c.chat_count, c.trending_score,
      c.created_at, c.updated_at, a.sha256 as avatar_sha256, c.content_rating
      """;

  /** {@code select} {@link #COLUMNS} {@code from} characters with their avatars; add a where. */
  public static final String SELECT =
      "select "
          + COLUMNS
          + " from character.characters c"
          + " left join character.character_avatars a on a.character_id = c.id ";

  /** A {@code RowMapper}: reads the {@link #COLUMNS} of the current row. */
  public static CharacterRow map(ResultSet rs, int rowNum) throws SQLException {
    Timestamp published = rs.getTimestamp("published_at");
    int approved = rs.getInt("approved_version");
    Integer approvedVersion = rs.wasNull() ? null : approved;
    return new CharacterRow(
        rs.getObject("id", UUID.class),
        rs.getString("owner_id"),
        rs.getString("product"),
        Visibility.valueOf(rs.getString("visibility").toUpperCase(Locale.ROOT)),
        ReviewStatus.of(rs.getString("review_status")),
        rs.getString("review_reason"),
        approvedVersion,
        published == null ? null : published.toInstant(),
        rs.getInt("latest_version"),
        rs.getString("name"),
        rs.getString("nickname"),
        rs.getString("creator"),
        rs.getString("description_preview"),
        strings(rs.getArray("tags")),
        rs.getLong("like_count"),
        rs.getLong("chat_count"),
        rs.getDouble("trending_score"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("avatar_sha256"),
        ContentRating.parse(rs.getString("content_rating")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
