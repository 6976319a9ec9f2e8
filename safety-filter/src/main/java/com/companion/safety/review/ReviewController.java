package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.Access;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The moderators' side: the queue, claims, decisions, the audit log, strikes. */
@RestController
public class ReviewController {

  /** Body of a decision; {@code suspend_for} is an ISO-8601 duration such as P7D or PT12H. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DecisionRequest(String decision, String reason, String suspendFor) {}

  /** A user's strike count. */
  public record Strikes(String userId, int strikes) {}

  static final Set<String> STATUSES = Set.of("open", "claimed", "decided");

  private final ModerationWorkflow workflow;

  public ReviewController(ModerationWorkflow workflow) {
    this.workflow = workflow;
  }

  @GetMapping("/v1/moderation/queue")
  public Mono<Page<QueueItem>> queue(
      @RequestParam(defaultValue = "open") String status,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(required = false) String cursor,
      PlatformPrincipal caller) {
    Access.requireModerator(caller);
    if (!STATUSES.contains(status)) {
      throw PlatformProblem.badRequest("status is open, claimed or decided")
          .with("field", "status");
    }
    int size = Math.min(Math.max(limit, 1), 200);
    PageCursor after = PageCursor.decode(cursor, "queue", 1);
    long offset = after == null ? 0 : after.number(0);
    if (offset > Integer.MAX_VALUE) {
      throw PageCursor.malformed();
    }
    return blocking(
        () -> {
          List<QueueItem> items = workflow.queue(status, caller, size, (int) offset);
          return new Page<>(
              items, items.size() == size ? PageCursor.of("queue", offset + size).encode() : null);
        });
  }

  @GetMapping("/v1/moderation/items/{id}")
  public Mono<QueueItem> item(@PathVariable String id, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    UUID uuid = Ids.uuid(id);
    return blocking(() -> workflow.item(uuid, caller));
  }

  @PostMapping("/v1/moderation/items/{id}/claim")
  public Mono<QueueItem> claim(@PathVariable String id, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    UUID uuid = Ids.uuid(id);
    return blocking(() -> workflow.claim(uuid, caller));
  }

  @PostMapping("/v1/moderation/items/{id}/release")
  public Mono<QueueItem> release(@PathVariable String id, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    UUID uuid = Ids.uuid(id);
    return blocking(() -> workflow.release(uuid, caller));
  }

  @PostMapping("/v1/moderation/items/{id}/decision")
  public Mono<QueueItem> decide(
      @PathVariable String id, @RequestBody DecisionRequest body, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    UUID uuid = Ids.uuid(id);
    if (body == null || body.decision() == null) {
      throw PlatformProblem.badRequest("decision is required").with("field", "decision");
    }
    Decision decision;
    try {
      decision = Decision.fromWire(body.decision());
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest(e.getMessage()).with("field", "decision");
    }
    Duration suspendFor = null;
    if (body.suspendFor() != null) {
      try {
        suspendFor = Duration.parse(body.suspendFor());
      } catch (DateTimeParseException e) {
        throw PlatformProblem.badRequest("suspend_for is an ISO-8601 duration, e.g. P7D")
            .with("field", "suspend_for");
      }
    }
    Duration d = suspendFor;
    return blocking(() -> workflow.decide(uuid, caller, decision, body.reason(), d));
  }

  @GetMapping("/v1/moderation/audit")
  public Mono<List<AuditEntry>> audit(
      @RequestParam(name = "target_id", required = false) String targetId,
      @RequestParam(defaultValue = "100") int limit,
      PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return blocking(() -> workflow.audit(targetId, caller, Math.min(Math.max(limit, 1), 500)));
  }

  @GetMapping("/v1/moderation/users/{userId}/strikes")
  public Mono<Strikes> strikes(@PathVariable String userId, PlatformPrincipal caller) {
    Access.requireModerator(caller);
    return blocking(() -> new Strikes(userId, workflow.strikesOf(userId, caller)));
  }

  static <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }
}
