package com.companion.identity.seed;

import com.companion.contracts.events.Pseudonyms;
import com.companion.identity.IdentityProperties;
import com.companion.identity.account.Account;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.guardian.Guardianships;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Local mode only ({@code identity.seed.enabled=true}, set by {@code ./platform up}): demo accounts
 * for each kind of user, all with the same password, listed in the module README. Accounts that
 * exist are left alone. Birth dates are relative to today so the minors stay minors.
 */
@Component
@ConditionalOnBooleanProperty("identity.seed.enabled")
class LocalAccounts {

  private static final Logger log = LoggerFactory.getLogger(LocalAccounts.class);

  /** username, age in years, roles, guardian. */
  record Demo(String username, int age, Set<String> roles, String guardian) {}

  static final List<Demo> DEMOS =
      List.of(
          new Demo("alex", 25, Set.of(), null),
          new Demo("grace", 41, Set.of(), null),
          new Demo("mia", 12, Set.of(), "grace"),
          new Demo("teo", 16, Set.of(), null),
          new Demo("cara", 30, Set.of("creator"), null),
          new Demo("mo", 35, Set.of("moderator"), null),
          new Demo("ana", 29, Set.of("analyst"), null),
          new Demo("root", 45, Set.of("admin"), null));

  private final AccountRepository accounts;
  private final Guardianships guardianships;
  private final PasswordEncoder encoder;
  private final Pseudonyms pseudonyms;
  private final JdbcClient jdbc;
  private final IdentityProperties properties;
  private final Clock clock;

  LocalAccounts(
      AccountRepository accounts,
      Guardianships guardianships,
      PasswordEncoder encoder,
      Pseudonyms pseudonyms,
      JdbcClient jdbc,
      IdentityProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.guardianships = guardianships;
    this.encoder = encoder;
    this.pseudonyms = pseudonyms;
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    String hash = encoder.encode(properties.seed().password());
    for (Demo demo : DEMOS) {
      if (accounts.findByUsername(demo.username()).isPresent()) {
        continue;
      }
      UUID id = UUID.randomUUID();
      accounts.insert(
          new Account(
              id,
              demo.username(),
              hash,
              today.minusYears(demo.age()).minusDays(30),
              "glow",
              demo.guardian(),
              pseudonyms.of(id.toString()),
              clock.instant(),
              Set.of()));
      for (String role : demo.roles()) {
        jdbc.sql(
                "insert into identity.account_role (account_id, role, granted_at) values (?, ?, ?)"
                    + " on conflict do nothing")
            .params(id, role, Timestamp.from(clock.instant()))
            .update();
      }
      log.info("seeded local account {}", demo.username());
    }
    accounts
        .findByUsername("mia")
        .ifPresent(
            mia ->
                accounts
                    .findByUsername("grace")
                    .filter(grace -> guardianships.ofMinor(mia.id()).isEmpty())
                    .ifPresent(
                        grace -> guardianships.grant(mia.id(), grace.id(), clock.instant())));
  }
}
