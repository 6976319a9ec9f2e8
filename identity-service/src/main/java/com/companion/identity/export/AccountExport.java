package com.companion.identity.export;

import com.companion.identity.account.Account;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.account.AgeGroups;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Everything this service holds about an account, machine-readable (GDPR art. 20, PIPL art. 45).
 * The password hash and token values are left out: they are credentials, not personal data the user
 * could use elsewhere.
 */
@Service
public class AccountExport {

  private final JdbcClient jdbc;
  private final AccountRepository accounts;
  private final Clock clock;

  public AccountExport(JdbcClient jdbc, AccountRepository accounts, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.clock = clock;
  }

  public Export of(UUID accountId) {
    Account account =
        accounts
            .findById(accountId)
            .orElseThrow(() -> PlatformProblem.notFound("the account no longer exists"));
    String id = accountId.toString();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return new Export(
        "identity-service",
        1,
        clock.instant(),
        new Export.AccountData(
            id,
            account.username(),
            account.product(),
            account.birthDate().toString(),
            AgeGroups.of(account.birthDate(), today).claimValue(),
            account.guardianContact(),
            account.createdAt(),
            account.roles().stream().sorted().toList()),
        jdbc.sql(
                "select actor, role, action, reason, created_at from identity.role_audit"
                    + " where target = ? order by id")
            .param(id)
            .query(
                (rs, i) ->
                    Map.<String, Object>of(
                        "by", rs.getString(1),
                        "role", rs.getString(2),
                        "action", rs.getString(3),
                        "reason", rs.getString(4),
                        "at", rs.getTimestamp(5).toInstant().toString()))
            .list(),
        jdbc.sql(
                "select minor_id, guardian_id, consent, daily_limit_minutes, updated_at"
                    + " from identity.guardianship where minor_id = ? or guardian_id = ?")
            .params(accountId, accountId)
            .query(
                (rs, i) -> {
                  Map<String, Object> row = new java.util.LinkedHashMap<>();
                  row.put("minor_id", rs.getString(1));
                  row.put("guardian_id", rs.getString(2));
                  row.put("consent", rs.getString(3));
                  row.put("daily_limit_minutes", rs.getObject(4));
                  row.put("updated_at", rs.getTimestamp(5).toInstant().toString());
                  return row;
                })
            .list(),
        jdbc.sql(
                "select at, character_id from identity.chat_activity where account_id = ?"
                    + " order by at")
            .param(accountId)
            .query(
                (rs, i) ->
                    Map.<String, Object>of(
                        "at", rs.getTimestamp(1).toInstant().toString(),
                        "character_id", String.valueOf(rs.getString(2))))
            .list(),
        jdbc.sql(
                "select c.client_id, a.authorized_scopes, a.access_token_issued_at,"
                    + " a.refresh_token_expires_at from identity.oauth2_authorization a"
                    + " join identity.oauth2_registered_client c on c.id = a.registered_client_id"
                    + " where a.principal_name = ? and a.access_token_issued_at is not null")
            .param(id)
            .query(
                (rs, i) -> {
                  Map<String, Object> row = new java.util.LinkedHashMap<>();
                  row.put("client_id", rs.getString(1));
                  row.put("scopes", rs.getString(2));
                  row.put("signed_in_at", String.valueOf(rs.getTimestamp(3).toInstant()));
                  var expires = rs.getTimestamp(4);
                  row.put("expires_at", expires == null ? null : expires.toInstant().toString());
                  return row;
                })
            .list());
  }

  /** The export document. */
  public record Export(
      String source,
      int schemaVersion,
      Instant exportedAt,
      AccountData account,
      List<Map<String, Object>> roleHistory,
      List<Map<String, Object>> guardianships,
      List<Map<String, Object>> chatActivity,
      List<Map<String, Object>> sessions) {

    public record AccountData(
        String id,
        String username,
        String product,
        String birthDate,
        String ageGroup,
        String guardianContact,
        Instant createdAt,
        List<String> roles) {}
  }
}
