package com.companion.safety.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Removes or anonymises everything {@code safety} holds about one account. Call every step inside
 * one transaction: the erasure and its record commit together or not at all.
 *
 * <p>{@code ids} are the forms the account is stored under: its id, and the pseudonym that
 * character reviews arriving as events name their creator by. {@code tombstone} replaces them where
 * a record has to stay. Rows with a {@code product} column are touched in the account's product
 * only; the audit log, lexicon and policy tables have none and are matched by the id alone
 * (identity-service's account ids are random UUIDs, never reused across products), except audit
 * rows about a queue item, which follow the item's product.
 */
@Repository
public class AccountErasure {

  /** The decision that closes an item nobody is left to act on. */
  public static final String CLOSED_DECISION = "account_deleted";

  /** What the other reporters of such an item are told: nothing about the account itself. */
  public static final String CLOSED_OUTCOME = "closed";

  private static final String SYSTEM = "system";
  private static final String WHY = "account deleted";

  private final JdbcClient jdbc;

  public AccountErasure(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Lets this transaction rewrite audit rows, which are otherwise append-only: the database allows
   * it only with this transaction-local setting, and only for the actor, target and reason.
   */
  public void allowAuditRewrite() {
    jdbc.sql("select set_config('safety.account_erasure', 'on', true)")
        .query(String.class)
        .single();
  }

  /**
   * Deletes the reports the account filed. Its reason is also copied onto the item as {@code
   * reported_reason}, which goes too; the item stays, with the other reporters' own reports.
   */
  public int deleteReportsFiled(String userId, String product) {
    jdbc.sql(
            """
            update safety.queue_items q set context = q.context - 'reported_reason'
            from safety.reports r
            where r.queue_item_id = q.id and r.reporter_id = ? and r.product = ?
            """)
        .params(userId, product)
        .update();
    return jdbc.sql("delete from safety.reports where reporter_id = ? and product = ?")
        .params(userId, product)
        .update();
  }

  /**
   * Closes the open and claimed items about the account (its messages, its characters, the account
   * itself): there is nobody left to warn or suspend, and its content is gone from the other
   * services. Their pending reports are resolved and each closure is audited. Answers how many were
   * closed.
   */
  public int closeOpenItemsAbout(String[] ids, String tombstone, String product, Instant now) {
    Timestamp at = Timestamp.from(now);
    return jdbc.sql(
            """
            with closed as (
              update safety.queue_items
              set status = 'decided', decision = ?, decision_reason = ?, decided_by = ?,
                  decided_at = ?
              where product = ? and status <> 'decided'
                and (subject_user_id = any(?) or (target_type = 'user' and target_id = any(?)))
              returning id, target_type, target_id
            ), resolved as (
              update safety.reports r set outcome = ?, resolved_at = ?
              from closed c where r.queue_item_id = c.id and r.outcome is null
            )
            insert into safety.audit_log (actor, action, target_type, target_id, reason, detail, at)
            select ?, 'queue.close', c.target_type,
                   case when c.target_type = 'user' then ? else c.target_id end,
                   ?, jsonb_build_object('item_id', c.id::text), ?
            from closed c
            """)
        .params(
            CLOSED_DECISION,
            WHY,
            SYSTEM,
            at,
            product,
            ids,
            ids,
            CLOSED_OUTCOME,
            at,
            SYSTEM,
            tombstone,
            WHY,
            at)
        .update();
  }

  /**
   * The items about the account stay as the record of what moderators decided (decision, reason,
   * categories, severity), without the account's id and without its text: the content it wrote and
   * the context around it (preceding turns, its conversation, its pseudonym as owner) go. Reports
   * of other users about the account name the tombstone instead. Answers how many items.
   */
  public int anonymiseItemsAbout(String[] ids, String tombstone, String product) {
    int items =
        jdbc.sql(
                """
                update safety.queue_items
                set subject_user_id =
                      case when subject_user_id = any(?) then ? else subject_user_id end,
                    target_id =
                      case when target_type = 'user' and target_id = any(?) then ?
                           else target_id end,
                    content = null,
                    context = '{}'::jsonb
                where product = ?
                  and (subject_user_id = any(?) or (target_type = 'user' and target_id = any(?)))
                """)
            .params(ids, tombstone, ids, tombstone, product, ids, ids)
            .update();
    jdbc.sql(
            """
            update safety.reports set target_id = ?
            where product = ? and target_type = 'user' and target_id = any(?)
            """)
        .params(tombstone, product, ids)
        .update();
    return items;
  }

  /**
   * Deletes the account's strikes and sanctions: they only ever served to escalate and enforce
   * against this account. The decisions behind them stay in the items and the audit log.
   */
  public int deleteStrikesAndSanctions(String[] ids, String product) {
    int strikes =
        jdbc.sql("delete from safety.strikes where user_id = any(?) and product = ?")
            .params(ids, product)
            .update();
    return strikes
        + jdbc.sql("delete from safety.sanctions where user_id = any(?) and product = ?")
            .params(ids, product)
            .update();
  }

  /**
   * Where the account was a moderator: items it had claimed go back to the queue (audited), and its
   * past claims, decisions and sanctions stay under the tombstone.
   */
  public void anonymiseModeratorWork(String userId, String tombstone, String product, Instant now) {
    Timestamp at = Timestamp.from(now);
    jdbc.sql(
            """
            with released as (
              update safety.queue_items set status = 'open', claimed_by = null, claimed_at = null
              where product = ? and status = 'claimed' and claimed_by = ?
              returning id, target_type, target_id
            )
            insert into safety.audit_log (actor, action, target_type, target_id, reason, detail, at)
            select ?, 'queue.release', r.target_type, r.target_id, ?,
                   jsonb_build_object('item_id', r.id::text), ?
            from released r
            """)
        .params(product, userId, SYSTEM, WHY, at)
        .update();
    jdbc.sql("update safety.queue_items set claimed_by = ? where product = ? and claimed_by = ?")
        .params(tombstone, product, userId)
        .update();
    jdbc.sql("update safety.queue_items set decided_by = ? where product = ? and decided_by = ?")
        .params(tombstone, product, userId)
        .update();
    jdbc.sql("update safety.sanctions set created_by = ? where product = ? and created_by = ?")
        .params(tombstone, product, userId)
        .update();
  }

  /**
   * Where the account was an admin: its lexicon and policy changes stay, under the tombstone. These
   * apply to every product and carry no product of their own.
   */
  public void anonymiseAdminWork(String userId, String tombstone) {
    for (String sql :
        new String[] {
          "update safety.lexicon_terms set updated_by = ? where updated_by = ?",
          "update safety.lexicon_changes set actor = ? where actor = ?",
          "update safety.policies set updated_by = ? where updated_by = ?",
          "update safety.policy_changes set actor = ? where actor = ?"
        }) {
      jdbc.sql(sql).params(tombstone, userId).update();
    }
  }

  /**
   * Audit rows naming the account as actor or as target: the tombstone replaces it, and the reason
   * it gave for its own reports goes. Nothing is deleted: the log is the trail of what was done.
   * Call {@link #allowAuditRewrite()} first. Answers how many rows changed.
   */
  public int anonymiseAudit(String[] ids, String userId, String tombstone, String product) {
    return jdbc.sql(
            """
            update safety.audit_log a
            set actor = case when a.actor = ? then ? else a.actor end,
                target_id = case when a.target_type = 'user' and a.target_id = any(?) then ?
                                 else a.target_id end,
                reason = case when a.actor = ? and a.action = 'report.create' then null
                              else a.reason end
            where (a.actor = ? or (a.target_type = 'user' and a.target_id = any(?)))
              and (a.detail ->> 'item_id' is null
                   or exists (select 1 from safety.queue_items q
                              where q.id::text = a.detail ->> 'item_id' and q.product = ?))
            """)
        .params(userId, tombstone, ids, tombstone, userId, userId, ids, product)
        .update();
  }

  /** Records that the account's deletion is done; the id is kept only as its hash. */
  public void recordDone(String userHash, UUID eventId, Instant doneAt) {
    jdbc.sql(
            """
            insert into safety.account_deletions (user_hash, event_id, done_at) values (?, ?, ?)
            on conflict (user_hash) do update
            set event_id = excluded.event_id, done_at = excluded.done_at
            """)
        .params(userHash, eventId, Timestamp.from(doneAt))
        .update();
  }
}
