package com.companion.identity.account;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.events.Pseudonyms;
import com.companion.identity.IdentityProperties;
import com.companion.identity.events.AccountEvents;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up: checks the request, hashes the password, stores the account and its event. */
@Service
public class SignUpService {

  private final AccountRepository accounts;
  private final PasswordPolicy passwords;
  private final PasswordEncoder encoder;
  private final Outbox outbox;
  private final Pseudonyms pseudonyms;
  private final IdentityProperties properties;
  private final Clock clock;

  public SignUpService(
      AccountRepository accounts,
      PasswordPolicy passwords,
      PasswordEncoder encoder,
      Outbox outbox,
      Pseudonyms pseudonyms,
      IdentityProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.encoder = encoder;
    this.outbox = outbox;
    this.pseudonyms = pseudonyms;
    this.properties = properties;
    this.clock = clock;
  }

  @Transactional
  public AccountView signUp(SignUpRequest request) {
    Usernames.problem(request.username())
        .ifPresent(
            detail -> {
              throw PlatformProblem.badRequest(detail).with("field", "username");
            });
    String product = request.product() == null ? "" : request.product().strip();
    if (!properties.products().contains(product)) {
      throw PlatformProblem.badRequest("product must be one of " + properties.products())
          .with("field", "product");
    }
    LocalDate today = LocalDate.now(clock);
    LocalDate birthDate =
        AgeGroups.parse(request.birthDate())
            .orElseThrow(
                () ->
                    PlatformProblem.badRequest("birth_date must be a real date as YYYY-MM-DD")
                        .with("field", "birth_date"));
    AgeGroups.implausible(birthDate, today)
        .ifPresent(
            detail -> {
              throw PlatformProblem.badRequest(detail).with("field", "birth_date");
            });
    passwords
        .check(request.password(), request.username())
        .ifPresent(
            weakness -> {
              throw PlatformProblem.badRequest(weakness.detail())
                  .with("field", "password")
                  .with("reason", weakness.reason());
            });
    boolean consentRequired = AgeGroups.age(birthDate, today) < properties.guardians().consentAge();
    String guardian =
        request.guardianContact() == null || request.guardianContact().isBlank()
            ? null
            : request.guardianContact().strip();
    if (consentRequired && guardian == null) {
      throw PlatformProblem.badRequest(
              "under "
                  + properties.guardians().consentAge()
                  + " a guardian_contact (the guardian's username) is required")
          .with("field", "guardian_contact");
    }
    if (guardian != null && guardian.length() > 200) {
      throw PlatformProblem.badRequest("guardian_contact is too long")
          .with("field", "guardian_contact");
    }
    UUID id = UUID.randomUUID();
    String username =
        java.text.Normalizer.normalize(request.username().strip(), java.text.Normalizer.Form.NFKC);
    Account account =
        new Account(
            id,
            username,
            encoder.encode(request.password()),
            birthDate,
            product,
            guardian,
            pseudonyms.of(id.toString()),
            clock.instant(),
            Set.of());
    if (!accounts.insert(account)) {
      throw PlatformProblem.conflict("the username is taken").with("field", "username");
    }
    AgeGroup ageGroup = AgeGroups.of(birthDate, today);
    outbox.append(
        AccountEvents.TOPIC,
        id.toString(),
        AccountEvents.CREATED,
        "accounts/" + id,
        product,
        id.toString(),
        new AccountEvents.Created(
            AccountEvents.SCHEMA_VERSION, ageGroup.claimValue(), consentRequired));
    return new AccountView(id.toString(), username, product, ageGroup.claimValue());
  }
}
