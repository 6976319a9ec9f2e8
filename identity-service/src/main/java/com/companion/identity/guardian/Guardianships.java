package com.companion.identity.guardian;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code identity.guardianship} table. */
@Repository
public class Guardianships {

  private final JdbcClient jdbc;

  public Guardianships(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Guardianship> ofMinor(UUID minorId) {
    return jdbc.sql(
            "select minor_id, guardian_id, consent, daily_limit_minutes, updated_at"
                + " from identity.guardianship where minor_id = ?")
        .param(minorId)
        .query(
            (rs, i) ->
                new Guardianship(
                    rs.getObject("minor_id", UUID.class),
                    rs.getObject("guardian_id", UUID.class),
                    "granted".equals(rs.getString("consent")),
                    (Integer) rs.getObject("daily_limit_minutes"),
                    rs.getTimestamp("updated_at").toInstant()))
        .optional();
  }

  /** Grants (or grants again) consent; a guardian change replaces the previous guardian. */
  public void grant(UUID minorId, UUID guardianId, Instant now) {
    jdbc.sql(
            """
            insert into identity.guardianship (minor_id, guardian_id, consent, updated_at)
            values (?, ?, 'granted', ?)
            on conflict (minor_id) do update
               set guardian_id = excluded.guardian_id, consent = 'granted',
                   updated_at = excluded.updated_at
            """)
        .params(minorId, guardianId, Timestamp.from(now))
        .update();
  }

  public void revoke(UUID minorId, Instant now) {
    jdbc.sql(
            "update identity.guardianship set consent = 'revoked', updated_at = ?"
                + " where minor_id = ?")
        .params(Timestamp.from(now), minorId)
        .update();
  }

  public void setDailyLimit(UUID minorId, Integer minutes, Instant now) {
    jdbc.sql(
            "update identity.guardianship set daily_limit_minutes = ?, updated_at = ?"
                + " where minor_id = ?")
        .params(minutes, Timestamp.from(now), minorId)
        .update();
  }

  public List<UUID> wardsOf(UUID guardianId) {
    return jdbc.sql("select minor_id from identity.guardianship where guardian_id = ?")
        .param(guardianId)
        .query(UUID.class)
        .list();
  }
}
