package com.companion.safety.export.internal;

import com.companion.safety.export.SafetyExport;
import com.companion.safety.review.Report;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one user's rows for the export, always within one product: an account id names different
 * people in different products. Selects columns one by one so that a column added later (a
 * moderator's id, a message's text) never reaches the user by accident.
 *
 * <p>Each list is read a page at a time, newest first, in rows created up to {@code asOf} (the
 * first page's time, so that later pages do not take in what was decided meanwhile) and strictly
 * after the {@link Position} of the previous page's last row.
 */
@Repository
public class ExportStore {

  private final JdbcClient jdbc;

  public ExportStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Where a row stands in its list: its creation time and id, the list's order. */
  public record Position(Instant createdAt, String id) {}

  /** A row as the export shows it, with its position for the next page's cursor. */
  public record Row<T>(T item, Position position) {}

  /** Reports the user filed, newest first. */
  public List<Row<Report>> reportsFiled(
      String userId, String product, Instant asOf, Position after, int limit) {
    List<Object> params = new ArrayList<>(List.of(userId, product, Timestamp.from(asOf)));
    return jdbc.sql(
            """
            select id::text, target_type, target_id, reason, outcome, created_at, resolved_at
            from safety.reports where reporter_id = ? and product = ? and created_at <= ?
            """
                + after(after, UUID::fromString, params, "created_at", "id")
                + " order by created_at desc, id limit ?")
        .params(with(params, limit))
        .query(
            (rs, i) ->
                new Row<>(
                    new Report(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5) == null ? "pending" : "resolved",
                        rs.getString(5),
                        instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7))),
                    new Position(instant(rs.getTimestamp(6)), rs.getString(1))))
        .list();
  }

  /**
   * Strikes against any of the user's ids, newest first, with what the item was about and the
   * decision. The item's content and context stay out: the context holds the turns around the
   * user's message, other people's text among them.
   */
  public List<Row<SafetyExport.Strike>> strikes(
      String[] ids, String product, Instant asOf, Position after, int limit) {
    List<Object> params = new ArrayList<>(List.of(ids, product, Timestamp.from(asOf)));
    return jdbc.sql(
            """
            select q.target_type, q.target_id, q.decision, s.reason, s.created_at, s.id
            from safety.strikes s
            left join safety.queue_items q on q.id = s.queue_item_id and q.product = s.product
            where s.user_id = any(?) and s.product = ? and s.created_at <= ?
            """
                + after(after, Long::parseLong, params, "s.created_at", "s.id")
                + " order by s.created_at desc, s.id limit ?")
        .params(with(params, limit))
        .query(
            (rs, i) ->
                new Row<>(
                    new SafetyExport.Strike(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs.getTimestamp(5))),
                    new Position(instant(rs.getTimestamp(5)), Long.toString(rs.getLong(6)))))
        .list();
  }

  /**
   * Warnings and suspensions of any of the user's ids, newest first. Who decided stays out (a
   * moderator's id is another person's); only whether it was automatic is told.
   */
  public List<Row<SafetyExport.Sanction>> sanctions(
      String[] ids, String product, Instant asOf, Position after, int limit) {
    List<Object> params = new ArrayList<>(List.of(ids, product, Timestamp.from(asOf)));
    return jdbc.sql(
            """
            select kind, until, reason, created_by = 'system', created_at, id
            from safety.sanctions where user_id = any(?) and product = ? and created_at <= ?
            """
                + after(after, Long::parseLong, params, "created_at", "id")
                + " order by created_at desc, id limit ?")
        .params(with(params, limit))
        .query(
            (rs, i) ->
                new Row<>(
                    new SafetyExport.Sanction(
                        rs.getString(1),
                        instant(rs.getTimestamp(2)),
                        rs.getString(3),
                        rs.getBoolean(4),
                        instant(rs.getTimestamp(5))),
                    new Position(instant(rs.getTimestamp(5)), Long.toString(rs.getLong(6)))))
        .list();
  }

  /**
   * The condition for rows after a position in "newest first, then by id" order, its parameters
   * added; nothing for a list's first page.
   *
   * @param id the id column's type: a position from another list fails to parse here
   */
  private static String after(
      Position after,
      java.util.function.Function<String, Object> id,
      List<Object> params,
      String createdAt,
      String idColumn) {
    if (after == null) {
      return "";
    }
    Timestamp at = Timestamp.from(after.createdAt());
    Object afterId = id.apply(after.id());
    params.add(at);
    params.add(at);
    params.add(afterId);
    return " and (%1$s < ? or (%1$s = ? and %2$s > ?))".formatted(createdAt, idColumn);
  }

  private static Object[] with(List<Object> params, int limit) {
    params.add(limit);
    return params.toArray();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
