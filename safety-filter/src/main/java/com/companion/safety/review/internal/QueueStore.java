package com.companion.safety.review.internal;

import com.companion.safety.review.AuditEntry;
import com.companion.safety.review.NewQueueItem;
import com.companion.safety.review.QueueItem;
import com.companion.safety.review.Report;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the queue, reports, strikes, sanctions and the audit log. Callers own transactions. */
@Repository
public class QueueStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String ITEM_COLUMNS =
      "q.id, q.target_type, q.target_id, q.product, q.subject_user_id, q.involves_minor,"
          + " q.source, q.categories, q.severity, q.priority, q.content, q.context::text,"
          + " q.status, q.claimed_by, q.claimed_at, q.decision, q.decision_reason, q.decided_by,"
          + " q.decided_at, q.created_at, (select count(*) from safety.reports r where"
          + " r.queue_item_id = q.id), (select count(*) from safety.strikes s where s.user_id ="
          + " q.subject_user_id and s.product = q.product)";

  private final JdbcClient jdbc;

  public QueueStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts an item, or folds it into the open item of the same target (categories merged, severity
   * and priority raised, newest context kept). Returns the item id.
   */
  public UUID upsert(NewQueueItem n, int severity, int priority, Instant now) {
    return jdbc.sql(
            "insert into safety.queue_items (id, target_type, target_id, product,"
                + " subject_user_id, involves_minor, source, categories, severity, priority,"
                + " content, context, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?) on conflict (product, target_type, target_id) where status <>"
                + " 'decided'"
                + " do update set categories = (select array(select distinct unnest("
                + "safety.queue_items.categories || excluded.categories))), severity ="
                + " greatest(safety.queue_items.severity, excluded.severity), priority ="
                + " greatest(safety.queue_items.priority, excluded.priority), involves_minor ="
                + " safety.queue_items.involves_minor or excluded.involves_minor,"
                + " subject_user_id = coalesce(safety.queue_items.subject_user_id,"
                + " excluded.subject_user_id), content = coalesce(excluded.content,"
                + " safety.queue_items.content), context = safety.queue_items.context ||"
                + " excluded.context returning id")
        .params(
            UUID.randomUUID(),
            n.targetType(),
            n.targetId(),
            n.product(),
            n.subjectUserId(),
            n.involvesMinor(),
            n.source(),
            n.categories().toArray(new String[0]),
            severity,
            priority,
            n.content(),
            JSON.writeValueAsString(n.context()),
            Timestamp.from(now))
        .query(UUID.class)
        .single();
  }

  /** One product's queue: a moderator works the queue of the product they moderate. */
  public List<QueueItem> list(String status, String product, int limit, int offset) {
    return jdbc.sql(
            "select "
                + ITEM_COLUMNS
                + " from safety.queue_items q where q.status = ? and q.product = ? order by"
                + " q.priority desc, q.created_at, q.id limit ? offset ?")
        .params(status, product, limit, offset)
        .query((rs, i) -> item(rs))
        .list();
  }

  public Optional<QueueItem> find(UUID id) {
    return jdbc.sql("select " + ITEM_COLUMNS + " from safety.queue_items q where q.id = ?")
        .param(id)
        .query((rs, i) -> item(rs))
        .optional();
  }

  /** Claims an open item; true for exactly one of any number of concurrent claimers. */
  public boolean claim(UUID id, String moderator, Instant now) {
    return jdbc.sql(
                "update safety.queue_items set status = 'claimed', claimed_by = ?, claimed_at = ?"
                    + " where id = ? and status = 'open'")
            .params(moderator, Timestamp.from(now), id)
            .update()
        == 1;
  }

  /** Gives a claimed item back to the queue; false unless this moderator holds it. */
  public boolean release(UUID id, String moderator) {
    return jdbc.sql(
                "update safety.queue_items set status = 'open', claimed_by = null, claimed_at ="
                    + " null where id = ? and status = 'claimed' and claimed_by = ?")
            .params(id, moderator)
            .update()
        == 1;
  }

  /** Records the decision; false unless the item is claimed by this moderator. */
  public boolean decide(UUID id, String moderator, String decision, String reason, Instant now) {
    return jdbc.sql(
                "update safety.queue_items set status = 'decided', decision = ?, decision_reason"
                    + " = ?, decided_by = ?, decided_at = ? where id = ? and status = 'claimed'"
                    + " and claimed_by = ?")
            .params(decision, reason, moderator, Timestamp.from(now), id, moderator)
            .update()
        == 1;
  }

  public UUID addReport(
      UUID itemId,
      String reporter,
      String product,
      String targetType,
      String targetId,
      String reason,
      Instant now) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            "insert into safety.reports (id, reporter_id, product, target_type, target_id, reason,"
                + " queue_item_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(id, reporter, product, targetType, targetId, reason, itemId, Timestamp.from(now))
        .update();
    return id;
  }

  public int resolveReports(UUID itemId, String outcome, Instant now) {
    return jdbc.sql(
            "update safety.reports set outcome = ?, resolved_at = ? where queue_item_id = ? and"
                + " outcome is null")
        .params(outcome, Timestamp.from(now), itemId)
        .update();
  }

  /** A reporter's own reports in one product: an account id names different people elsewhere. */
  public List<Report> reportsOf(String reporter, String product, int limit) {
    return jdbc.sql(
            "select id, target_type, target_id, reason, outcome, created_at, resolved_at from"
                + " safety.reports where reporter_id = ? and product = ?"
                + " order by created_at desc limit ?")
        .params(reporter, product, limit)
        .query((rs, i) -> report(rs))
        .list();
  }

  public Optional<Report> report(UUID id, String reporter, String product) {
    return jdbc.sql(
            "select id, target_type, target_id, reason, outcome, created_at, resolved_at from"
                + " safety.reports where id = ? and reporter_id = ? and product = ?")
        .params(id, reporter, product)
        .query((rs, i) -> report(rs))
        .optional();
  }

  public int addStrike(String userId, String product, UUID itemId, String reason, Instant now) {
    jdbc.sql(
            "insert into safety.strikes (user_id, product, queue_item_id, reason, created_at)"
                + " values (?, ?, ?, ?, ?)")
        .params(userId, product, itemId, reason, Timestamp.from(now))
        .update();
    return strikes(userId, product);
  }

  /** Strikes count per product: an account id names different people in different products. */
  public int strikes(String userId, String product) {
    return jdbc.sql("select count(*) from safety.strikes where user_id = ? and product = ?")
        .params(userId, product)
        .query(Integer.class)
        .single();
  }

  public void addSanction(
      String userId,
      String product,
      String kind,
      Instant until,
      String reason,
      String by,
      Instant now) {
    jdbc.sql(
            "insert into safety.sanctions (user_id, product, kind, until, reason, created_by,"
                + " created_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(
            userId,
            product,
            kind,
            until == null ? null : Timestamp.from(until),
            reason,
            by,
            Timestamp.from(now))
        .update();
  }

  public void audit(
      String actor,
      String action,
      String targetType,
      String targetId,
      String reason,
      Object detail,
      Instant now) {
    jdbc.sql(
            "insert into safety.audit_log (actor, action, target_type, target_id, reason, detail,"
                + " at) values (?, ?, ?, ?, ?, ?::jsonb, ?)")
        .params(
            actor,
            action,
            targetType,
            targetId,
            reason,
            JSON.writeValueAsString(detail),
            Timestamp.from(now))
        .update();
  }

  /**
   * Audit entries, newest first: about targets of this product's queue, and about targets no queue
   * item names (lexicon and policy changes, which apply to every product); never about another
   * product's items.
   */
  public List<AuditEntry> audit(String targetId, String product, int limit) {
    String where =
        " where (exists (select 1 from safety.queue_items q where q.target_id = a.target_id and"
            + " q.product = ?) or not exists (select 1 from safety.queue_items q where"
            + " q.target_id = a.target_id))"
            + (targetId == null ? "" : " and a.target_id = ?");
    var spec =
        jdbc.sql(
            "select a.id, a.actor, a.action, a.target_type, a.target_id, a.reason,"
                + " a.detail::text, a.at from safety.audit_log a"
                + where
                + " order by a.id desc limit ?");
    spec = targetId == null ? spec.params(product, limit) : spec.params(product, targetId, limit);
    return spec.query(
            (rs, i) ->
                new AuditEntry(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    json(rs.getString(7)),
                    rs.getTimestamp(8).toInstant()))
        .list();
  }

  /** A suspension still running: who, in which product, until when. */
  public record ActiveSuspension(String userId, String product, Instant until) {}

  public List<ActiveSuspension> activeSuspensions(Instant now) {
    return jdbc.sql(
            "select user_id, product, max(until) from safety.sanctions where kind = 'suspension'"
                + " and until > ? group by user_id, product")
        .param(Timestamp.from(now))
        .query(
            (rs, i) ->
                new ActiveSuspension(
                    rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  private static Report report(ResultSet rs) throws SQLException {
    String outcome = rs.getString(5);
    return new Report(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        outcome == null ? "pending" : "resolved",
        outcome,
        instant(rs.getTimestamp(6)),
        instant(rs.getTimestamp(7)));
  }

  private static QueueItem item(ResultSet rs) throws SQLException {
    Array cats = rs.getArray(8);
    List<String> categories = cats == null ? List.of() : Arrays.asList((String[]) cats.getArray());
    return new QueueItem(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getBoolean(6),
        rs.getString(7),
        categories,
        rs.getInt(9),
        rs.getInt(10),
        rs.getString(11),
        json(rs.getString(12)),
        rs.getString(13),
        rs.getString(14),
        instant(rs.getTimestamp(15)),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18),
        instant(rs.getTimestamp(19)),
        instant(rs.getTimestamp(20)),
        rs.getInt(21),
        rs.getInt(22));
  }

  private static JsonNode json(String s) {
    return s == null ? null : JSON.readTree(s);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
