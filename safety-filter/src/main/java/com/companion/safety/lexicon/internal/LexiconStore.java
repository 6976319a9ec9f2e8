package com.companion.safety.lexicon.internal;

import com.companion.safety.lexicon.LexiconTerm;
import com.companion.safety.moderation.Category;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Lexicon rows and their change history in PostgreSQL (blocking; callers move it off loops). */
@Repository
public class LexiconStore {

  /** One audited change. */
  public record Change(
      long version,
      String action,
      String category,
      String language,
      String term,
      String actor,
      String reason,
      java.time.Instant changedAt) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public LexiconStore(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Inserts seed terms that were never added; a term an admin removed stays removed. */
  public void seed(List<LexiconTerm> terms) {
    tx.executeWithoutResult(
        s -> {
          for (LexiconTerm t : terms) {
            jdbc.sql(
                    "insert into safety.lexicon_terms (category, language, term, weight, updated_by)"
                        + " values (?, ?, ?, ?, 'seed') on conflict do nothing")
                .params(t.category().wireName(), t.language(), t.term(), t.weight())
                .update();
          }
        });
  }

  public List<LexiconTerm> active() {
    return jdbc.sql(
            "select category, language, term, weight from safety.lexicon_terms where active"
                + " order by id")
        .query(
            (rs, i) ->
                new LexiconTerm(
                    Category.fromWire(rs.getString(1)),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getDouble(4)))
        .list();
  }

  public long version() {
    return jdbc.sql("select coalesce(max(version), 0) from safety.lexicon_changes")
        .query(Long.class)
        .single();
  }

  /** Adds (or re-activates) a term; returns the new lexicon version. */
  public long add(LexiconTerm t, String actor, String reason) {
    return tx.execute(
        s -> {
          Timestamp now = Timestamp.from(clock.instant());
          jdbc.sql(
                  "insert into safety.lexicon_terms (category, language, term, weight, updated_by,"
                      + " updated_at) values (?, ?, ?, ?, ?, ?) on conflict (category, language,"
                      + " term) do update set active = true, weight = excluded.weight, updated_by ="
                      + " excluded.updated_by, updated_at = excluded.updated_at")
              .params(t.category().wireName(), t.language(), t.term(), t.weight(), actor, now)
              .update();
          return change("add", t, actor, reason, now);
        });
  }

  /** Deactivates a term; empty when there was no such active term. */
  public Optional<Long> remove(LexiconTerm t, String actor, String reason) {
    return tx.execute(
        s -> {
          Timestamp now = Timestamp.from(clock.instant());
          int n =
              jdbc.sql(
                      "update safety.lexicon_terms set active = false, updated_by = ?, updated_at"
                          + " = ? where category = ? and language = ? and term = ? and active")
                  .params(actor, now, t.category().wireName(), t.language(), t.term())
                  .update();
          return n == 0
              ? Optional.<Long>empty()
              : Optional.of(change("remove", t, actor, reason, now));
        });
  }

  public List<Change> changes(long afterVersion, int limit) {
    return jdbc.sql(
            "select version, action, category, language, term, actor, reason, changed_at from"
                + " safety.lexicon_changes where version > ? order by version limit ?")
        .params(afterVersion, limit)
        .query(
            (rs, i) ->
                new Change(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8).toInstant()))
        .list();
  }

  private long change(String action, LexiconTerm t, String actor, String reason, Timestamp now) {
    long version =
        jdbc.sql(
                "insert into safety.lexicon_changes (action, category, language, term, actor,"
                    + " reason, changed_at) values (?, ?, ?, ?, ?, ?, ?) returning version")
            .params(action, t.category().wireName(), t.language(), t.term(), actor, reason, now)
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into safety.audit_log (actor, action, target_type, target_id, reason, detail,"
                + " at) values (?, ?, 'lexicon', ?, ?, jsonb_build_object('category', ?::text,"
                + " 'language', ?::text, 'version', ?::bigint), ?)")
        .params(
            actor,
            "lexicon." + action,
            t.term(),
            reason,
            t.category().wireName(),
            t.language(),
            version,
            now)
        .update();
    return version;
  }
}
