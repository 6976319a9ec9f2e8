package com.companion.safety.export;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/me/safety-export}: the caller's own safety data in their product, for the
 * platform's account export (identity-service reads it with the user's token, following {@code
 * next_cursor} to the last page). Any signed-in user may read their own; the verified token alone
 * says whose and which product.
 */
@RestController
public class SafetyExportController {

  private final SafetyExports exports;

  public SafetyExportController(SafetyExports exports) {
    this.exports = exports;
  }

  @GetMapping("/v1/me/safety-export")
  public Mono<SafetyExport> mine(
      PlatformPrincipal caller,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = pageSize(limit);
    return Mono.fromCallable(() -> exports.page(caller, cursor, size))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static int pageSize(Integer limit) {
    if (limit == null) {
      return SafetyExports.DEFAULT_PAGE_SIZE;
    }
    if (limit < 1 || limit > SafetyExports.MAX_PAGE_SIZE) {
      throw PlatformProblem.badRequest("limit must be between 1 and " + SafetyExports.MAX_PAGE_SIZE)
          .with("field", "limit");
    }
    return limit;
  }
}
