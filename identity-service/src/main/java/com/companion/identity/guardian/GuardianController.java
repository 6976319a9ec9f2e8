package com.companion.identity.guardian;

import com.companion.identity.access.Caller;
import com.companion.identity.account.AccountRepository;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The guardian's API and the chat policy that chat-service and the apps read. */
@RestController
public class GuardianController {

  private final GuardianService guardians;
  private final AccountRepository accounts;
  private final Clock clock;

  public GuardianController(GuardianService guardians, AccountRepository accounts, Clock clock) {
    this.guardians = guardians;
    this.accounts = accounts;
    this.clock = clock;
  }

  @GetMapping("/v1/me/chat-policy")
  ChatPolicy chatPolicy(Caller caller) {
    return guardians.policy(
        accounts
            .findById(caller.accountId())
            .orElseThrow(() -> PlatformProblem.notFound("the account no longer exists")));
  }

  @GetMapping("/v1/guardian/wards")
  Map<String, List<GuardianService.Ward>> wards(Caller caller) {
    return Map.of("items", guardians.wards(caller.accountId()));
  }

  @PostMapping("/v1/guardian/wards/{minorId}/consent")
  GuardianService.Ward grant(Caller caller, @PathVariable String minorId) {
    return guardians.grant(caller.accountId(), id(minorId));
  }

  @DeleteMapping("/v1/guardian/wards/{minorId}/consent")
  GuardianService.Ward revoke(Caller caller, @PathVariable String minorId) {
    return guardians.revoke(caller.accountId(), id(minorId));
  }

  @PutMapping("/v1/guardian/wards/{minorId}/daily-limit")
  GuardianService.Ward dailyLimit(
      Caller caller, @PathVariable String minorId, @RequestBody DailyLimit body) {
    return guardians.setDailyLimit(caller.accountId(), id(minorId), body.minutes());
  }

  @GetMapping("/v1/guardian/wards/{minorId}/insights")
  GuardianService.Insights insights(
      Caller caller, @PathVariable String minorId, @RequestParam(required = false) String week) {
    LocalDate day;
    try {
      day = week == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(week);
    } catch (java.time.format.DateTimeParseException e) {
      throw PlatformProblem.badRequest("week must be a date as YYYY-MM-DD").with("field", "week");
    }
    return guardians.insights(caller.accountId(), id(minorId), day);
  }

  /** {@code {"minutes": 60}}; {@code null} removes the limit. */
  public record DailyLimit(Integer minutes) {}

  static UUID id(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no such account");
    }
  }
}
