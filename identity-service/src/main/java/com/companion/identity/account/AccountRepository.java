package com.companion.identity.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code identity.account} and {@code identity.account_role} tables. */
@Repository
public class AccountRepository {

  private static final String SELECT =
      """
      select a.id, a.username, a.password_hash, a.birth_date, a.product, a.guardian_contact,
             a.pseudonym, a.created_at,
             coalesce((select array_agg(r.role order by r.role) from identity.account_role r
                       where r.account_id = a.id), '{}') as roles
        from identity.account a
      """;

  private final JdbcClient jdbc;

  public AccountRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the account; false when the username key is taken. */
  public boolean insert(Account account) {
    int rows =
        jdbc.sql(
                """
                insert into identity.account (id, username, username_key, password_hash,
                    birth_date, product, guardian_contact, pseudonym, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (username_key) do nothing
                """)
            .params(
                account.id(),
                account.username(),
                Usernames.key(account.username()),
                account.passwordHash(),
                account.birthDate(),
                account.product(),
                account.guardianContact(),
                account.pseudonym(),
                Timestamp.from(account.createdAt()))
            .update();
    return rows == 1;
  }

  public Optional<Account> findById(UUID id) {
    return jdbc.sql(SELECT + " where a.id = ?").param(id).query(AccountRepository::row).optional();
  }

  public Optional<Account> findByUsername(String username) {
    return jdbc.sql(SELECT + " where a.username_key = ?")
        .param(Usernames.key(username))
        .query(AccountRepository::row)
        .optional();
  }

  public Optional<Account> findByPseudonym(String pseudonym) {
    return jdbc.sql(SELECT + " where a.pseudonym = ?")
        .param(pseudonym)
        .query(AccountRepository::row)
        .optional();
  }

  /** Minors who named this guardian contact at sign-up. */
  public List<Account> namingGuardian(String guardianUsername) {
    return jdbc.sql(SELECT + " where lower(a.guardian_contact) = ? order by a.created_at")
        .param(Usernames.key(guardianUsername))
        .query(AccountRepository::row)
        .list();
  }

  public void updatePasswordHash(UUID id, String hash) {
    jdbc.sql("update identity.account set password_hash = ? where id = ?")
        .params(hash, id)
        .update();
  }

  static Account row(ResultSet rs, int row) throws SQLException {
    Set<String> roles = new HashSet<>(List.of((String[]) rs.getArray("roles").getArray()));
    return new Account(
        rs.getObject("id", UUID.class),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getObject("birth_date", java.time.LocalDate.class),
        rs.getString("product"),
        rs.getString("guardian_contact"),
        rs.getString("pseudonym"),
        rs.getTimestamp("created_at").toInstant(),
        roles);
  }
}
