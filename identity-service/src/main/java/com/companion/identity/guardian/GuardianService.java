package com.companion.identity.guardian;

import com.companion.contracts.auth.AgeGroup;
import com.companion.identity.IdentityProperties;
import com.companion.identity.account.Account;
import com.companion.identity.account.AccountRepository;
import com.companion.identity.account.AgeGroups;
import com.companion.identity.account.Usernames;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Guardians: a minor under the consent age names a guardian (by username) at sign-up; that
 * guardian's account grants or revokes consent, sets a daily limit and reads weekly insights.
 */
@Service
public class GuardianService {

  private final AccountRepository accounts;
  private final Guardianships guardianships;
  private final ChatActivity activity;
  private final IdentityProperties.Guardians settings;
  private final Clock clock;

  public GuardianService(
      AccountRepository accounts,
      Guardianships guardianships,
      ChatActivity activity,
      IdentityProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.guardianships = guardianships;
    this.activity = activity;
    this.settings = properties.guardians();
    this.clock = clock;
  }

  /** Whether this account may chat now. */
  public ChatPolicy policy(Account account) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Optional<Guardianship> guardianship = guardianships.ofMinor(account.id());
    boolean consentRequired = AgeGroups.age(account.birthDate(), today) < settings.consentAge();
    String consent =
        !consentRequired
            ? "not_required"
            : guardianship.filter(Guardianship::granted).isPresent() ? "granted" : "missing";
    Integer limit = guardianship.map(Guardianship::dailyLimitMinutes).orElse(null);
    long used = 0;
    if (limit != null) {
      Instant start = today.atStartOfDay(ZoneOffset.UTC).toInstant();
      used =
          TimeSpent.minutesPerDay(
                  turnsFrom(account.id(), start, start.plusSeconds(86_400)), settings.sessionGap())
              .getOrDefault(today, 0L);
    }
    String reason = null;
    if ("missing".equals(consent)) {
      reason = "guardian_consent_required";
    } else if (limit != null && used >= limit) {
      reason = "daily_limit_reached";
    }
    return new ChatPolicy(reason == null, reason, consent, limit, used);
  }

  /** The claim value for tokens: {@code not_required}, {@code granted} or {@code missing}. */
  public String consentClaim(Account account) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (AgeGroups.age(account.birthDate(), today) >= settings.consentAge()) {
      return "not_required";
    }
    return guardianships.ofMinor(account.id()).filter(Guardianship::granted).isPresent()
        ? "granted"
        : "missing";
  }

  /** Minors who named this guardian, and those they already look after. */
  public List<Ward> wards(UUID guardianId) {
    Account guardian = adult(guardianId);
    Map<UUID, Account> minors = new LinkedHashMap<>();
    accounts.namingGuardian(guardian.username()).forEach(a -> minors.put(a.id(), a));
    guardianships
        .wardsOf(guardianId)
        .forEach(id -> accounts.findById(id).ifPresent(a -> minors.put(id, a)));
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    List<Ward> wards = new ArrayList<>();
    for (Account minor : minors.values()) {
      Optional<Guardianship> g =
          guardianships.ofMinor(minor.id()).filter(x -> x.guardianId().equals(guardianId));
      wards.add(
          new Ward(
              minor.id().toString(),
              minor.username(),
              AgeGroups.of(minor.birthDate(), today).claimValue(),
              g.map(x -> x.granted() ? "granted" : "revoked").orElse("pending"),
              g.map(Guardianship::dailyLimitMinutes).orElse(null)));
    }
    return wards;
  }

  @Transactional
  public Ward grant(UUID guardianId, UUID minorId) {
    Account guardian = adult(guardianId);
    Account minor = namedBy(guardian, minorId);
    guardianships.grant(minor.id(), guardian.id(), clock.instant());
    return ward(guardianId, minorId);
  }

  @Transactional
  public Ward revoke(UUID guardianId, UUID minorId) {
    guarded(guardianId, minorId);
    guardianships.revoke(minorId, clock.instant());
    return ward(guardianId, minorId);
  }

  @Transactional
  public Ward setDailyLimit(UUID guardianId, UUID minorId, Integer minutes) {
    if (minutes != null && (minutes < 1 || minutes > 1440)) {
      throw PlatformProblem.badRequest("minutes must be between 1 and 1440, or null for none")
          .with("field", "minutes");
    }
    guarded(guardianId, minorId);
    guardianships.setDailyLimit(minorId, minutes, clock.instant());
    return ward(guardianId, minorId);
  }

  /**
   * A minor's turns before {@code to}, read from one session gap before {@code from}: a session
   * running across {@code from} then counts from {@code from} on, not from its first turn after it.
   */
  private List<ChatActivity.Turn> turnsFrom(UUID minorId, Instant from, Instant to) {
    return activity.between(minorId, from.minus(settings.sessionGap()), to);
  }

  /**
   * The week (Monday to Sunday, UTC) that contains {@code day}: minutes and turns per day and the
   * characters chatted with most. Never any message content: this service never receives it.
   */
  public Insights insights(UUID guardianId, UUID minorId, LocalDate day) {
    guarded(guardianId, minorId);
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = monday.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<ChatActivity.Turn> read = turnsFrom(minorId, from, to);
    Map<LocalDate, Long> minutes = TimeSpent.minutesPerDay(read, settings.sessionGap());
    List<ChatActivity.Turn> turns = read.stream().filter(t -> !t.at().isBefore(from)).toList();
    Map<LocalDate, Long> turnsPerDay =
        turns.stream()
            .collect(
                Collectors.groupingBy(
                    t -> LocalDate.ofInstant(t.at(), ZoneOffset.UTC), Collectors.counting()));
    List<Insights.Day> days = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      LocalDate date = monday.plusDays(i);
      days.add(
          new Insights.Day(
              date.toString(), minutes.getOrDefault(date, 0L), turnsPerDay.getOrDefault(date, 0L)));
    }
    List<Insights.TopCharacter> top =
        turns.stream()
            .filter(t -> t.characterId() != null)
            .collect(Collectors.groupingBy(ChatActivity.Turn::characterId, Collectors.counting()))
            .entrySet()
            .stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(5)
            .map(e -> new Insights.TopCharacter(e.getKey(), e.getValue()))
            .toList();
    return new Insights(minorId.toString(), monday.toString(), days, top);
  }

  private Ward ward(UUID guardianId, UUID minorId) {
    return wards(guardianId).stream()
        .filter(w -> w.minorId().equals(minorId.toString()))
        .findFirst()
        .orElseThrow();
  }

  private Account adult(UUID accountId) {
    Account account =
        accounts
            .findById(accountId)
            .orElseThrow(() -> PlatformProblem.notFound("the account no longer exists"));
    if (AgeGroups.of(account.birthDate(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
        != AgeGroup.ADULT) {
      throw PlatformProblem.forbidden("only an adult account can be a guardian");
    }
    return account;
  }

  /** The minor, if they named this guardian at sign-up (else the same 404 as no such minor). */
  private Account namedBy(Account guardian, UUID minorId) {
    return accounts
        .findById(minorId)
        .filter(
            minor ->
                minor.guardianContact() != null
                    && Usernames.key(minor.guardianContact())
                        .equals(Usernames.key(guardian.username())))
        .orElseThrow(() -> PlatformProblem.notFound("no such guardian request"));
  }

  private Guardianship guarded(UUID guardianId, UUID minorId) {
    adult(guardianId);
    return guardianships
        .ofMinor(minorId)
        .filter(g -> g.guardianId().equals(guardianId))
        .orElseThrow(() -> PlatformProblem.notFound("no such ward"));
  }

  /** A minor as their guardian sees them. */
  public record Ward(
      String minorId,
      String username,
      String ageGroup,
      String consent,
      Integer dailyLimitMinutes) {}

  /** Weekly parental insights. */
  public record Insights(
      String minorId, String weekStart, List<Day> days, List<TopCharacter> topCharacters) {

    public record Day(String date, long minutes, long turns) {}

    public record TopCharacter(String characterId, long turns) {}
  }
}
