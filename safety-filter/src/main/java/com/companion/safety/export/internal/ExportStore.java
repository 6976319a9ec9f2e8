package com.companion.safety.export.internal;

import com.companion.safety.export.SafetyExport;
import com.companion.safety.review.Report;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one user's rows for the export, always within one product: an account id names different
 * people in different products. Selects columns one by one so that a column added later (a
 * moderator's id, a message's text) never reaches the user by accident.
 */
@Repository
public class ExportStore {

  private final JdbcClient jdbc;

  public ExportStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every report the user filed, newest first. */
  public List<Report> reportsFiled(String userId, String product) {
    return jdbc.sql(
            """
            select id::text, target_type, target_id, reason, outcome, created_at, resolved_at
            from safety.reports where reporter_id = ? and product = ?
            order by created_at desc, id
            """)
        .params(userId, product)
        .query(
            (rs, i) ->
                new Report(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5) == null ? "pending" : "resolved",
                    rs.getString(5),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7))))
        .list();
  }

  /**
   * The strikes against any of the user's ids, newest first, with what the item was about and the
   * decision. The item's content and context stay out: the context holds the turns around the
   * user's message, other people's text among them.
   */
  public List<SafetyExport.Strike> strikes(String[] ids, String product) {
    return jdbc.sql(
            """
            select q.target_type, q.target_id, q.decision, s.reason, s.created_at
            from safety.strikes s
            left join safety.queue_items q on q.id = s.queue_item_id and q.product = s.product
            where s.user_id = any(?) and s.product = ?
            order by s.created_at desc, s.id
            """)
        .params(ids, product)
        .query(
            (rs, i) ->
                new SafetyExport.Strike(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    instant(rs.getTimestamp(5))))
        .list();
  }

  /**
   * Warnings and suspensions of any of the user's ids, newest first. Who decided stays out (a
   * moderator's id is another person's); only whether it was automatic is told.
   */
  public List<SafetyExport.Sanction> sanctions(String[] ids, String product) {
    return jdbc.sql(
            """
            select kind, until, reason, created_by = 'system', created_at
            from safety.sanctions where user_id = any(?) and product = ?
            order by created_at desc, id
            """)
        .params(ids, product)
        .query(
            (rs, i) ->
                new SafetyExport.Sanction(
                    rs.getString(1),
                    instant(rs.getTimestamp(2)),
                    rs.getString(3),
                    rs.getBoolean(4),
                    instant(rs.getTimestamp(5))))
        .list();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
