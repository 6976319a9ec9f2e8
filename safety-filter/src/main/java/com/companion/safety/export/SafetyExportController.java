package com.companion.safety.export;

import com.companion.contracts.auth.PlatformPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/me/safety-export}: the caller's own safety data in their product, for the
 * platform's account export (identity-service reads it with the user's token). Any signed-in user
 * may read their own; the verified token alone says whose and which product.
 */
@RestController
public class SafetyExportController {

  private final SafetyExports exports;

  public SafetyExportController(SafetyExports exports) {
    this.exports = exports;
  }

  @GetMapping("/v1/me/safety-export")
  public Mono<SafetyExport> mine(PlatformPrincipal caller) {
    return Mono.fromCallable(() -> exports.of(caller)).subscribeOn(Schedulers.boundedElastic());
  }
}
