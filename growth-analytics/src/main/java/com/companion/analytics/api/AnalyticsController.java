package com.companion.analytics.api;

import com.companion.analytics.guard.GuardWatch;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.web.PlatformProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The analytics API, for the {@code analyst} and {@code admin} roles, and a creator's own figures
 * for the {@code creator} role. Dates are UTC days ({@code 2026-11-30}); {@code to} defaults to
 * today and {@code from} to 29 days before {@code to}.
 */
@RestController
@RequestMapping("/v1/analytics")
public class AnalyticsController {

  static final int MAX_DAYS = 400;
  static final int MAX_LIMIT = 100;

  private final Reports reports;
  private final GuardWatch guard;
  private final Pseudonyms pseudonyms;

  /**
   * @param pseudonyms the services' pseudonyms of user ids (same key), so that a creator's token
   *     finds the figures events name them in
   */
  public AnalyticsController(Reports reports, GuardWatch guard, Pseudonyms pseudonyms) {
    this.reports = reports;
    this.guard = guard;
    this.pseudonyms = pseudonyms;
  }

  @GetMapping("/daily")
  Mono<Responses.DailyReport> daily(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    String p = product(product);
    return blocking(() -> reports.daily(p, range.from, range.to));
  }

  @GetMapping("/retention")
  Mono<Responses.RetentionReport> retention(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    String p = product(product);
    return blocking(() -> reports.retention(p, range.from, range.to));
  }

  @GetMapping("/funnel")
  Mono<Responses.FunnelReport> funnel(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    String p = product(product);
    return blocking(() -> reports.funnel(p, range.from, range.to));
  }

  @GetMapping("/safety")
  Mono<Responses.SafetyReport> safety(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    String p = product(product);
    return blocking(() -> reports.safety(p, range.from, range.to));
  }

  @GetMapping("/characters/top")
  Mono<Responses.TopCharacters> topCharacters(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String date,
      @RequestParam(defaultValue = "10") int limit) {
    authorize(principal);
    TopQuery top = TopQuery.of(product, date, limit, reports.today());
    return blocking(() -> reports.topCharacters(top.product(), top.date(), top.limit()));
  }

  @GetMapping("/creators/top")
  Mono<Responses.TopCreators> topCreators(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String date,
      @RequestParam(defaultValue = "10") int limit) {
    authorize(principal);
    TopQuery top = TopQuery.of(product, date, limit, reports.today());
    return blocking(() -> reports.topCreators(top.product(), top.date(), top.limit()));
  }

  /**
   * The caller's own figures as a creator, in their token's product only: events name a creator by
   * the pseudonym of their account id, so the caller's is computed here from the token's {@code
   * sub}; no parameter can name another creator.
   */
  @GetMapping("/creators/me")
  Mono<Responses.OwnCreatorReport> ownCreatorFigures(
      PlatformPrincipal principal,
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    if (principal == null || !principal.hasRole(Role.CREATOR)) {
      throw PlatformProblem.forbidden("a creator's figures need the creator role");
    }
    String p = product == null || product.isBlank() ? principal.product() : product;
    if (!p.equals(principal.product())) {
      throw PlatformProblem.forbidden("a creator sees only the figures of their token's product")
          .with("field", "product");
    }
    Range range = dates(from, to);
    String creator = pseudonyms.of(principal.userId());
    return blocking(() -> reports.creator(p, creator, range.from, range.to));
  }

  @GetMapping("/models/{alias}/quality")
  Mono<Responses.ModelQuality> modelQuality(
      PlatformPrincipal principal,
      @PathVariable String alias,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    return blocking(
        () -> reports.modelQuality(alias, range.from, range.to, guard.verdict(alias).orElse(null)));
  }

  @GetMapping("/dead-letters")
  Mono<Responses.DeadLetterReport> deadLetters(
      PlatformPrincipal principal,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Range range = range(principal, from, to);
    return blocking(() -> reports.deadLetters(range.from, range.to));
  }

  private record Range(LocalDate from, LocalDate to) {}

  /** What a top list is asked for: a product, a UTC day and how many entries. */
  record TopQuery(String product, LocalDate date, int limit) {

    /**
     * 400 for a missing product, a malformed date or a limit outside 1 to {@code MAX_LIMIT}, in
     * that order; no date means today.
     */
    static TopQuery of(String product, String date, int limit, LocalDate today) {
      String checkedProduct = AnalyticsController.product(product);
      LocalDate day = date == null ? today : AnalyticsController.date("date", date);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw PlatformProblem.badRequest("limit must be between 1 and " + MAX_LIMIT)
            .with("field", "limit");
      }
      return new TopQuery(checkedProduct, day, limit);
    }
  }

  private Range range(PlatformPrincipal principal, String from, String to) {
    authorize(principal);
    return dates(from, to);
  }

  private Range dates(String from, String to) {
    LocalDate end = to == null ? reports.today() : date("to", to);
    LocalDate start = from == null ? end.minusDays(29) : date("from", from);
    if (start.isAfter(end)) {
      throw PlatformProblem.badRequest("from must not be after to").with("field", "from");
    }
    if (start.plusDays(MAX_DAYS).isBefore(end)) {
      throw PlatformProblem.badRequest("at most " + MAX_DAYS + " days at a time")
          .with("field", "from");
    }
    return new Range(start, end);
  }

  static void authorize(PlatformPrincipal principal) {
    if (principal == null) {
      // the bearer filter already answered 401 when a token was required
      throw PlatformProblem.forbidden("a token with the analyst or admin role is required");
    }
    if (!principal.hasRole(Role.ANALYST) && !principal.hasRole(Role.ADMIN)) {
      throw PlatformProblem.forbidden("analytics needs the analyst or admin role");
    }
  }

  private static String product(String product) {
    if (product == null || product.isBlank()) {
      throw PlatformProblem.badRequest("product is required").with("field", "product");
    }
    return product;
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw PlatformProblem.badRequest(field + " must be a date like 2026-11-30")
          .with("field", field);
    }
  }

  private static <T> Mono<T> blocking(Callable<T> query) {
    return Mono.fromCallable(query).subscribeOn(Schedulers.boundedElastic());
  }
}
