package com.companion.gateway.deployment.internal;

import com.companion.contracts.events.ModelCanaryDecision;
import com.companion.gateway.deployment.CanaryDecisionView;
import com.companion.gateway.deployment.ModelAlias;
import com.companion.gateway.deployment.ModelVersion;
import com.companion.platform.outbox.Outbox;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the {@code gateway} deployment tables. Blocking: callers move it off event loops. */
@Repository
public class DeploymentRepository {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final Clock clock;
  private final JsonMapper json;

  public DeploymentRepository(
      JdbcClient jdbc, TransactionTemplate tx, Outbox outbox, Clock clock, JsonMapper json) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.outbox = outbox;
    this.clock = clock;
    this.json = json;
  }

  public Map<String, ModelAlias> loadAll() {
    Map<String, Map<String, ModelVersion>> versions = new HashMap<>();
    jdbc.sql(
            "select alias, version, nodes, dns_name, dns_port, sampling::text as sampling"
                + " from gateway.model_versions")
        .query(
            (rs, n) -> {
              ModelVersion v =
                  new ModelVersion(
                      rs.getString("alias"),
                      rs.getString("version"),
                      textArray(rs.getArray("nodes")),
                      rs.getString("dns_name"),
                      (Integer) rs.getObject("dns_port"),
                      sampling(rs.getString("sampling")));
              versions.computeIfAbsent(v.alias(), a -> new LinkedHashMap<>()).put(v.version(), v);
              return v;
            })
        .list();
    Map<String, ModelAlias> aliases = new LinkedHashMap<>();
    jdbc.sql(
            "select alias, description, stable_version, canary_version, canary_weight, created_at"
                + " from gateway.model_aliases order by alias")
        .query(
            (rs, n) ->
                aliases.put(
                    rs.getString("alias"),
                    new ModelAlias(
                        rs.getString("alias"),
                        rs.getString("description"),
                        rs.getString("stable_version"),
                        rs.getString("canary_version"),
                        rs.getDouble("canary_weight"),
                        versions.getOrDefault(rs.getString("alias"), Map.of()),
                        rs.getTimestamp("created_at").toInstant())))
        .list();
    return aliases;
  }

  /** Creates or replaces a version; creates the alias with it as stable if the alias is new. */
  public void putVersion(ModelVersion version, String description) {
    tx.executeWithoutResult(
        status -> {
          jdbc.sql(
                  "insert into gateway.model_aliases (alias, description, stable_version)"
                      + " values (:alias, :description, :version) on conflict (alias) do nothing")
              .param("alias", version.alias())
              .param("description", description == null ? "" : description)
              .param("version", version.version())
              .update();
          jdbc.sql(
                  "insert into gateway.model_versions (alias, version, nodes, dns_name, dns_port,"
                      + " sampling) values (:alias, :version, :nodes, :dnsName, :dnsPort,"
                      + " cast(:sampling as jsonb)) on conflict (alias, version) do update set"
                      + " nodes = excluded.nodes, dns_name = excluded.dns_name,"
                      + " dns_port = excluded.dns_port, sampling = excluded.sampling")
              .param("alias", version.alias())
              .param("version", version.version())
              .param("nodes", version.nodes().toArray(String[]::new))
              .param("dnsName", version.dnsName())
              .param("dnsPort", version.dnsPort())
              .param("sampling", json.writeValueAsString(version.sampling()))
              .update();
          touch(version.alias());
        });
  }

  public boolean updateAlias(String alias, String description, String stableVersion) {
    return jdbc.sql(
                "update gateway.model_aliases set description = coalesce(:description,"
                    + " description), stable_version = coalesce(:stable, stable_version),"
                    + " updated_at = now() where alias = :alias")
            .param("alias", alias)
            .param("description", description)
            .param("stable", stableVersion)
            .update()
        == 1;
  }

  public boolean deleteVersion(String alias, String version) {
    return jdbc.sql(
                "delete from gateway.model_versions where alias = :alias and version = :version")
            .param("alias", alias)
            .param("version", version)
            .update()
        == 1;
  }

  public boolean deleteAlias(String alias) {
    return jdbc.sql("delete from gateway.model_aliases where alias = :alias")
            .param("alias", alias)
            .update()
        == 1;
  }

  /**
   * Changes the canary of an alias only if it is still in the expected state (canary {@code
   * expectedCanary} over the decision's stable version), and logs the decision with its event in
   * the same transaction. Returns false when another replica or admin got there first, in which
   * case nothing is written. Joins the caller's transaction, if there is one.
   */
  public boolean applyCanaryDecision(
      String expectedCanary,
      String newStable,
      String newCanary,
      double newWeight,
      ModelCanaryDecision decision) {
    Boolean applied =
        tx.execute(
            status -> {
              int rows =
                  jdbc.sql(
                          "update gateway.model_aliases set stable_version = :stable,"
                              + " canary_version = :canary, canary_weight = :weight,"
                              + " updated_at = now() where alias = :alias"
                              + " and canary_version is not distinct from :expected"
                              + " and stable_version = :expectedStable")
                      .param("alias", decision.alias())
                      .param("stable", newStable)
                      .param("canary", newCanary)
                      .param("weight", newWeight)
                      .param("expected", expectedCanary)
                      .param("expectedStable", decision.stableVersion())
                      .update();
              if (rows != 1) {
                return false;
              }
              jdbc.sql(
                      "insert into gateway.canary_decisions (id, alias, stable_version,"
                          + " canary_version, decision, reason, actor, stable_samples,"
                          + " canary_samples, stable_error_rate, canary_error_rate,"
                          + " stable_ttft_p95_ms, canary_ttft_p95_ms, decided_at) values (:id,"
                          + " :alias, :stable, :canary, :decision, :reason, :actor, :ss, :cs, :se,"
                          + " :ce, :st, :ct, :at)")
                  .param("id", UUID.fromString(decision.decisionId()))
                  .param("alias", decision.alias())
                  .param("stable", decision.stableVersion())
                  .param("canary", decision.canaryVersion())
                  .param("decision", decision.decision())
                  .param("reason", decision.reason())
                  .param("actor", decision.actor())
                  .param("ss", decision.stableSamples())
                  .param("cs", decision.canarySamples())
                  .param("se", decision.stableErrorRate())
                  .param("ce", decision.canaryErrorRate())
                  .param("st", decision.stableTtftP95Ms())
                  .param("ct", decision.canaryTtftP95Ms())
                  .param("at", Timestamp.from(clock.instant()))
                  .update();
              outbox.append(
                  ModelCanaryDecision.TOPIC,
                  decision.alias(),
                  ModelCanaryDecision.type(decision.decision()),
                  "models/" + decision.alias(),
                  null,
                  null,
                  decision);
              return true;
            });
    return Boolean.TRUE.equals(applied);
  }

  public List<CanaryDecisionView> decisions(String alias, int limit) {
    return jdbc.sql(
            "select * from gateway.canary_decisions where alias = :alias"
                + " order by decided_at desc limit :limit")
        .param("alias", alias)
        .param("limit", limit)
        .query((rs, n) -> decision(rs))
        .list();
  }

  private void touch(String alias) {
    jdbc.sql("update gateway.model_aliases set updated_at = now() where alias = :alias")
        .param("alias", alias)
        .update();
  }

  private static CanaryDecisionView decision(ResultSet rs) throws SQLException {
    return new CanaryDecisionView(
        rs.getString("id"),
        rs.getString("alias"),
        rs.getString("stable_version"),
        rs.getString("canary_version"),
        rs.getString("decision"),
        rs.getString("reason"),
        rs.getString("actor"),
        (Integer) rs.getObject("stable_samples"),
        (Integer) rs.getObject("canary_samples"),
        (Double) rs.getObject("stable_error_rate"),
        (Double) rs.getObject("canary_error_rate"),
        (Double) rs.getObject("stable_ttft_p95_ms"),
        (Double) rs.getObject("canary_ttft_p95_ms"),
        rs.getTimestamp("decided_at").toInstant());
  }

  private Map<String, Number> sampling(String text) {
    return text == null
        ? Map.of()
        : json.readValue(text, new TypeReference<Map<String, Number>>() {});
  }

  private static List<String> textArray(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
  }
}
