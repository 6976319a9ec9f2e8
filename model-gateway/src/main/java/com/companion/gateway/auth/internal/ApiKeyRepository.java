package com.companion.gateway.auth.internal;

import com.companion.gateway.auth.ApiKeyView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of {@code gateway.api_keys}. Blocking. */
@Repository
public class ApiKeyRepository {

  private final JdbcClient jdbc;

  public ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(ApiKeyView key, String hash) {
    jdbc.sql(
            "insert into gateway.api_keys (id, name, product, key_prefix, key_hash, rpm_limit,"
                + " tpm_limit, created_by, created_at) values (:id, :name, :product, :prefix,"
                + " :hash, :rpm, :tpm, :by, :at)")
        .param("id", UUID.fromString(key.id()))
        .param("name", key.name())
        .param("product", key.product())
        .param("prefix", key.keyPrefix())
        .param("hash", hash)
        .param("rpm", key.rpmLimit())
        .param("tpm", key.tpmLimit())
        .param("by", key.createdBy())
        .param("at", Timestamp.from(key.createdAt()))
        .update();
  }

  /** An active (not revoked) key by the hash of its secret. */
  public Optional<ApiKeyView> findActiveByHash(String hash) {
    return jdbc.sql("select * from gateway.api_keys where key_hash = :hash and revoked_at is null")
        .param("hash", hash)
        .query((rs, n) -> view(rs))
        .optional();
  }

  /**
   * One product's keys, newest first; {@code after} is the cursor (created_at, id) of the last item
   * seen.
   */
  public List<ApiKeyView> list(String product, Instant afterCreatedAt, UUID afterId, int limit) {
    if (afterCreatedAt == null) {
      return jdbc.sql(
              "select * from gateway.api_keys where product = :product"
                  + " order by created_at desc, id desc limit :limit")
          .param("product", product)
          .param("limit", limit)
          .query((rs, n) -> view(rs))
          .list();
    }
    return jdbc.sql(
            "select * from gateway.api_keys where product = :product"
                + " and (created_at, id) < (:at, :id)"
                + " order by created_at desc, id desc limit :limit")
        .param("product", product)
        .param("at", Timestamp.from(afterCreatedAt))
        .param("id", afterId)
        .param("limit", limit)
        .query((rs, n) -> view(rs))
        .list();
  }

  /** The revoked key's hash, or empty when this product has no key of that id. */
  public Optional<String> revoke(String product, UUID id, Instant at) {
    return jdbc.sql(
            "update gateway.api_keys set revoked_at = coalesce(revoked_at, :at)"
                + " where id = :id and product = :product returning key_hash")
        .param("id", id)
        .param("product", product)
        .param("at", Timestamp.from(at))
        .query(String.class)
        .optional();
  }

  private static ApiKeyView view(ResultSet rs) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new ApiKeyView(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("product"),
        rs.getString("key_prefix"),
        (Integer) rs.getObject("rpm_limit"),
        (Integer) rs.getObject("tpm_limit"),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }
}
