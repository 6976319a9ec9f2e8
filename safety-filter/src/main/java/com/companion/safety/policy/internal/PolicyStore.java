package com.companion.safety.policy.internal;

import com.companion.contracts.auth.AgeGroup;
import com.companion.safety.moderation.Category;
import com.companion.safety.policy.CategoryRule;
import com.companion.safety.policy.Policy;
import com.companion.safety.policy.RuleView;
import com.companion.safety.policy.StoredPolicy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policies as rows: rules are a JSON object keyed by category wire name. Every version is also a
 * row of {@code policy_changes} and of the audit log, with the admin's reason.
 */
@Repository
public class PolicyStore {

  /** One stored version of a policy: what it said, who made it, when and why. */
  public record Change(
      String product,
      String ageGroup,
      long version,
      Map<String, RuleView> rules,
      String actor,
      String reason,
      Instant changedAt) {}

  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public PolicyStore(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  public List<StoredPolicy> all() {
    return jdbc.sql(
            "select product, age_group, rules::text, version, updated_by, updated_at, reason from"
                + " safety.policies")
        .query(
            (rs, i) ->
                new StoredPolicy(
                    new Policy(
                        rs.getString(1),
                        AgeGroup.fromClaim(rs.getString(2)),
                        parse(rs.getString(3)),
                        rs.getLong(4)),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getString(7)))
        .list();
  }

  /**
   * The latest versions, newest first: of every policy, or of one product's and/or age group's when
   * given.
   */
  public List<Change> changes(String product, AgeGroup ageGroup, int limit) {
    return jdbc.sql(
            "select product, age_group, version, rules::text, actor, reason, changed_at from"
                + " safety.policy_changes where (?::text is null or product = ?) and (?::text is"
                + " null or age_group = ?) order by id desc limit ?")
        .params(
            product,
            product,
            ageGroup == null ? null : ageGroup.claimValue(),
            ageGroup == null ? null : ageGroup.claimValue(),
            limit)
        .query(
            (rs, i) ->
                new Change(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    render(parse(rs.getString(4))),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getTimestamp(7).toInstant()))
        .list();
  }

  /** Stores a new version of one policy, with the admin's reason; returns it. */
  public StoredPolicy put(
      String product,
      AgeGroup ageGroup,
      Map<Category, CategoryRule> rules,
      String actor,
      String reason) {
    String json = JSON.writeValueAsString(render(rules));
    return tx.execute(
        s -> {
          Timestamp now = Timestamp.from(clock.instant());
          long version =
              jdbc.sql(
                      "insert into safety.policies (product, age_group, rules, version, updated_by,"
                          + " updated_at, reason) values (?, ?, ?::jsonb, 1, ?, ?, ?) on conflict"
                          + " (product, age_group) do update set rules = excluded.rules, version ="
                          + " safety.policies.version + 1, updated_by = excluded.updated_by,"
                          + " updated_at = excluded.updated_at, reason = excluded.reason returning"
                          + " version")
                  .params(product, ageGroup.claimValue(), json, actor, now, reason)
                  .query(Long.class)
                  .single();
          jdbc.sql(
                  "insert into safety.policy_changes (product, age_group, version, rules, actor,"
                      + " reason, changed_at) values (?, ?, ?, ?::jsonb, ?, ?, ?)")
              .params(product, ageGroup.claimValue(), version, json, actor, reason, now)
              .update();
          jdbc.sql(
                  "insert into safety.audit_log (actor, action, target_type, target_id, reason,"
                      + " detail, at) values (?, 'policy.update', 'policy', ?, ?,"
                      + " jsonb_build_object('version', ?::bigint, 'rules', ?::jsonb), ?)")
              .params(actor, product + "/" + ageGroup.claimValue(), reason, version, json, now)
              .update();
          return new StoredPolicy(
              new Policy(product, ageGroup, rules, version), actor, now.toInstant(), reason);
        });
  }

  public static Map<String, RuleView> render(Map<Category, CategoryRule> rules) {
    Map<String, RuleView> out = new LinkedHashMap<>();
    rules.forEach((c, r) -> out.put(c.wireName(), RuleView.of(r)));
    return out;
  }

  private static Map<Category, CategoryRule> parse(String json) {
    Map<String, RuleView> raw = JSON.readValue(json, new TypeReference<Map<String, RuleView>>() {});
    Map<Category, CategoryRule> rules = new EnumMap<>(Category.class);
    raw.forEach((k, v) -> rules.put(Category.fromWire(k), v.toRule()));
    return rules;
  }
}
