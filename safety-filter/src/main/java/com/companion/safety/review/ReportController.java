package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.moderation.Category;
import com.companion.safety.screening.ModerationService;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Users report messages, characters and users ({@code POST /v1/reports}) and follow the outcome of
 * their own reports ({@code GET /v1/reports}, {@code GET /v1/reports/{id}}).
 */
@RestController
public class ReportController {

  /**
   * Body of a report. {@code reason} is free text or a category name ({@code sexual/minors}, {@code
   * harassment}...); {@code content} is the reported text as the app showed it (scored to set the
   * severity); {@code subject_user_id} the author, when the app knows it.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReportRequest(
      String targetType, String targetId, String reason, String content, String subjectUserId) {}

  static final Set<String> TARGET_TYPES = Set.of("message", "character", "user");
  static final int MAX_REASON_CHARS = 1_000;
  static final int MAX_CONTENT_CHARS = 8_000;

  private final ModerationWorkflow workflow;
  private final ModerationService moderation;

  public ReportController(ModerationWorkflow workflow, ModerationService moderation) {
    this.workflow = workflow;
    this.moderation = moderation;
  }

  @PostMapping("/v1/reports")
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<Report> report(@RequestBody ReportRequest body, PlatformPrincipal caller) {
    if (body == null || body.targetType() == null || !TARGET_TYPES.contains(body.targetType())) {
      throw PlatformProblem.badRequest("target_type is message, character or user")
          .with("field", "target_type");
    }
    if (body.targetId() == null || body.targetId().isBlank() || body.targetId().length() > 128) {
      throw PlatformProblem.badRequest("target_id is required").with("field", "target_id");
    }
    if (body.reason() == null
        || body.reason().isBlank()
        || body.reason().length() > MAX_REASON_CHARS) {
      throw PlatformProblem.badRequest("reason is required (at most 1000 chars)")
          .with("field", "reason");
    }
    if (body.content() != null && body.content().length() > MAX_CONTENT_CHARS) {
      throw PlatformProblem.badRequest("content is at most 8000 chars").with("field", "content");
    }
    Set<String> categories = new TreeSet<>();
    try {
      categories.add(Category.fromWire(body.reason().strip()).wireName());
    } catch (IllegalArgumentException notACategory) {
      // free-text reason: the content decides the categories
    }
    if (body.content() != null) {
      categories.addAll(moderation.categoriesOf(body.content()));
    }
    String subject = body.targetType().equals("user") ? body.targetId() : body.subjectUserId();
    return ReviewController.blocking(
        () ->
            workflow.report(
                caller,
                body.targetType(),
                body.targetId(),
                body.reason(),
                new ArrayList<>(categories),
                body.content(),
                subject));
  }

  @GetMapping("/v1/reports")
  public Mono<List<Report>> mine(
      @RequestParam(defaultValue = "50") int limit, PlatformPrincipal caller) {
    return ReviewController.blocking(
        () -> workflow.reportsOf(caller, Math.min(Math.max(limit, 1), 200)));
  }

  @GetMapping("/v1/reports/{id}")
  public Mono<Report> one(@PathVariable String id, PlatformPrincipal caller) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.notFound("no such report");
    }
    return ReviewController.blocking(() -> workflow.reportOf(caller, uuid));
  }
}
