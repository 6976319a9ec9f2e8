package com.companion.identity.admin;

import com.companion.identity.access.Caller;
import com.companion.identity.account.AccountRepository;
import com.companion.platform.web.PlatformProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Roles beyond {@code user}, granted and revoked only by an admin, each change recorded with who,
 * what and why. The caller's admin role is checked in the database, not only in the token, so a
 * revoked admin loses the power at once rather than when the token expires.
 */
@Service
public class RoleService {

  public static final Set<String> GRANTABLE = Set.of("creator", "moderator", "analyst", "admin");

  private final JdbcClient jdbc;
  private final AccountRepository accounts;
  private final Clock clock;

  public RoleService(JdbcClient jdbc, AccountRepository accounts, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.clock = clock;
  }

  @Transactional
  public List<String> grant(Caller admin, UUID target, String role, String reason) {
    check(admin, target, role, reason);
    Instant now = clock.instant();
    int added =
        jdbc.sql(
                "insert into identity.account_role (account_id, role, granted_by, granted_at)"
                    + " values (?, ?, ?, ?) on conflict do nothing")
            .params(target, role, admin.accountId(), Timestamp.from(now))
            .update();
    if (added == 1) {
      audit(admin.accountId(), target, role, "grant", reason, now);
    }
    return roles(target);
  }

  @Transactional
  public List<String> revoke(Caller admin, UUID target, String role, String reason) {
    check(admin, target, role, reason);
    if (admin.accountId().equals(target) && "admin".equals(role)) {
      throw PlatformProblem.conflict("an admin cannot revoke their own admin role");
    }
    Instant now = clock.instant();
    int removed =
        jdbc.sql("delete from identity.account_role where account_id = ? and role = ?")
            .params(target, role)
            .update();
    if (removed == 1) {
      audit(admin.accountId(), target, role, "revoke", reason, now);
    }
    return roles(target);
  }

  public List<String> roles(UUID account) {
    List<String> roles =
        new java.util.ArrayList<>(
            accounts
                .findById(account)
                .orElseThrow(() -> PlatformProblem.notFound("no such account"))
                .roles());
    roles.add("user");
    roles.sort(String::compareTo);
    return roles;
  }

  public List<AuditEntry> audit(Caller admin, UUID target) {
    requireAdmin(admin);
    return jdbc.sql(
            "select actor, target, role, action, reason, created_at from identity.role_audit"
                + " where target = ? order by id")
        .param(target.toString())
        .query(
            (rs, i) ->
                new AuditEntry(
                    rs.getString("actor"),
                    rs.getString("target"),
                    rs.getString("role"),
                    rs.getString("action"),
                    rs.getString("reason"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /** One audited change. */
  public record AuditEntry(
      String actor, String target, String role, String action, String reason, Instant at) {}

  private void check(Caller admin, UUID target, String role, String reason) {
    requireAdmin(admin);
    if (!GRANTABLE.contains(role)) {
      throw PlatformProblem.badRequest("role must be one of " + GRANTABLE).with("field", "role");
    }
    if (reason == null || reason.isBlank()) {
      throw PlatformProblem.badRequest("a reason is required for the audit trail")
          .with("field", "reason");
    }
    if (accounts.findById(target).isEmpty()) {
      throw PlatformProblem.notFound("no such account");
    }
  }

  void requireAdmin(Caller caller) {
    boolean admin =
        caller.hasRole("admin")
            && accounts
                .findById(caller.accountId())
                .map(a -> a.roles().contains("admin"))
                .orElse(false);
    if (!admin) {
      throw PlatformProblem.forbidden("only an admin may do this");
    }
  }

  private void audit(
      UUID actor, UUID target, String role, String action, String reason, Instant at) {
    jdbc.sql(
            "insert into identity.role_audit (actor, target, role, action, reason, created_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            actor.toString(), target.toString(), role, action, reason.strip(), Timestamp.from(at))
        .update();
  }
}
