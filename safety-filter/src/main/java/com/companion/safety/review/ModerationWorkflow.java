package com.companion.safety.review;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.Pseudonyms;
import com.companion.contracts.events.SafetyDecision;
import com.companion.contracts.events.Topics;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.SafetyProperties;
import com.companion.safety.review.internal.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The moderation workflow: items enter the queue (reports, automatic flags, character reviews), one
 * moderator claims an item, decides, and the decision is applied in one transaction: item closed,
 * reporters told the outcome, strike and sanctions recorded (escalating at the configured
 * thresholds), audit log appended and a {@code safety.decision} event written to the outbox.
 * Blocking (JDBC): web callers run it on the bounded-elastic scheduler.
 */
@Service
public class ModerationWorkflow {

  /** The longest suspension a moderator may give in one decision. */
  public static final Duration MAX_SUSPENSION = Duration.ofDays(365);

  private static final Duration DEFAULT_SUSPENSION = Duration.ofDays(1);

  private final QueueStore store;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final Clock clock;
  private final SafetyProperties.Strikes strikes;
  private final Suspensions suspensions;
  private final Pseudonyms pseudonyms;

  public ModerationWorkflow(
      QueueStore store,
      TransactionTemplate tx,
      Outbox outbox,
      Clock clock,
      SafetyProperties properties,
      Suspensions suspensions,
      OutboxProperties outboxProperties) {
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.clock = clock;
    this.strikes = properties.strikes();
    this.suspensions = suspensions;
    // character reviews name their creator by pseudonym (events carry no raw ids)
    this.pseudonyms = new Pseudonyms(outboxProperties.pseudonymKey());
  }

  public static final ProblemType OWN_ITEM =
      ProblemType.custom(
          "cannot-decide-own-item", "A moderator cannot decide an item about themselves");

  /** Adds to the queue (or joins the target's open item); returns the item id. */
  public UUID enqueue(NewQueueItem item, String actor) {
    return tx.execute(
        s -> {
          Instant now = clock.instant();
          int severity = Severity.of(item.categories());
          int priority = Severity.priority(severity, item.involvesMinor(), item.categories());
          UUID id = store.upsert(item, severity, priority, now);
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("item_id", id.toString());
          detail.put("source", item.source());
          detail.put("categories", item.categories());
          store.audit(
              actor, "queue.enqueue", item.targetType(), item.targetId(), null, detail, now);
          return id;
        });
  }

  /** A user's report: enters the queue, the reporter can follow its outcome. */
  public Report report(
      PlatformPrincipal reporter,
      String targetType,
      String targetId,
      String reason,
      List<String> categories,
      String content,
      String subjectUserId) {
    return tx.execute(
        s -> {
          Instant now = clock.instant();
          Map<String, Object> context = new LinkedHashMap<>();
          context.put("reported_reason", reason);
          NewQueueItem item =
              new NewQueueItem(
                  targetType,
                  targetId,
                  reporter.product(),
                  subjectUserId,
                  reporter.isMinor(),
                  "report",
                  categories,
                  content,
                  context);
          int severity = Severity.of(categories);
          UUID itemId =
              store.upsert(
                  item,
                  severity,
                  Severity.priority(severity, item.involvesMinor(), categories),
                  now);
          UUID reportId =
              store.addReport(
                  itemId, reporter.userId(), reporter.product(), targetType, targetId, reason, now);
          store.audit(
              reporter.userId(),
              "report.create",
              targetType,
              targetId,
              reason,
              Map.of("report_id", reportId.toString(), "item_id", itemId.toString()),
              now);
          return store.report(reportId, reporter.userId(), reporter.product()).orElseThrow();
        });
  }

  /** The moderator's own product's queue; no moderator sees another product's items. */
  public List<QueueItem> queue(String status, PlatformPrincipal moderator, int limit, int offset) {
    return store.list(status, moderator.product(), limit, offset);
  }

  /** An item of the moderator's product; 404 for any other, so ids of other products never leak. */
  public QueueItem item(UUID id, PlatformPrincipal moderator) {
    QueueItem item = item(id);
    if (!item.product().equals(moderator.product())) {
      throw PlatformProblem.notFound("no such queue item");
    }
    return item;
  }

  private QueueItem item(UUID id) {
    return store.find(id).orElseThrow(() -> PlatformProblem.notFound("no such queue item"));
  }

  /**
   * Whether the item is about the moderator: their own message, account or character (the last
   * named by pseudonym in character reviews). Deciding it is a conflict of interest.
   */
  boolean isAbout(QueueItem item, PlatformPrincipal moderator) {
    String me = moderator.userId();
    String myPseudonym = pseudonyms.of(me);
    String subject = item.targetType().equals("user") ? item.targetId() : item.subjectUserId();
    if (me.equals(subject) || myPseudonym.equals(subject)) {
      return true;
    }
    JsonNode owner = item.context() == null ? null : item.context().get("owner");
    String ownerText = owner == null || !owner.isString() ? null : owner.asString();
    return me.equals(ownerText) || myPseudonym.equals(ownerText);
  }

  /** Exactly one of concurrent claimers wins; the others get 409. */
  public QueueItem claim(UUID id, PlatformPrincipal moderator) {
    return tx.execute(
        s -> {
          Instant now = clock.instant();
          item(id, moderator);
          if (!store.claim(id, moderator.userId(), now)) {
            QueueItem existing = item(id);
            throw PlatformProblem.conflict(
                    "item is " + existing.status() + " by " + existing.claimedBy())
                .with("status", existing.status());
          }
          QueueItem claimed = item(id);
          store.audit(
              moderator.userId(),
              "queue.claim",
              claimed.targetType(),
              claimed.targetId(),
              null,
              Map.of("item_id", id.toString()),
              now);
          return claimed;
        });
  }

  /** Gives an item the moderator claimed back to the queue (e.g. needs a specialist). */
  public QueueItem release(UUID id, PlatformPrincipal moderator) {
    return tx.execute(
        s -> {
          QueueItem item = item(id, moderator);
          if (!store.release(id, moderator.userId())) {
            throw PlatformProblem.conflict("only the moderator holding the claim can release it")
                .with("status", item.status());
          }
          store.audit(
              moderator.userId(),
              "queue.release",
              item.targetType(),
              item.targetId(),
              null,
              Map.of("item_id", id.toString()),
              clock.instant());
          return item(id);
        });
  }

  /** Applies a decision to an item the moderator has claimed. */
  public QueueItem decide(
      UUID id, PlatformPrincipal moderator, Decision decision, String reason, Duration suspendFor) {
    if (reason == null || reason.isBlank()) {
      throw PlatformProblem.badRequest("a reason is required").with("field", "reason");
    }
    Instant[] suspended = new Instant[1];
    String[] suspendedUser = new String[1];
    QueueItem decided =
        tx.execute(
            s -> {
              Instant now = clock.instant();
              QueueItem item = item(id, moderator);
              if (isAbout(item, moderator)) {
                // four eyes: nobody approves their own character or clears their own record
                throw PlatformProblem.of(
                    HttpStatus.FORBIDDEN, OWN_ITEM, "another moderator must decide this item");
              }
              if (!decision.appliesTo(item.targetType())) {
                throw PlatformProblem.badRequest(
                        decision.wireName() + " does not apply to a " + item.targetType())
                    .with("field", "decision");
              }
              String subject =
                  item.targetType().equals("user") ? item.targetId() : item.subjectUserId();
              if ((decision == Decision.WARN || decision == Decision.SUSPEND) && subject == null) {
                throw PlatformProblem.badRequest("this item has no user to " + decision.wireName())
                    .with("field", "decision");
              }
              if (!store.decide(id, moderator.userId(), decision.wireName(), reason, now)) {
                throw PlatformProblem.conflict("claim the item before deciding it")
                    .with("status", item.status());
              }
              store.resolveReports(id, decision.outcome(), now);
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("item_id", id.toString());
              detail.put("decision", decision.wireName());
              Instant suspendedUntil = null;
              if (decision == Decision.SUSPEND) {
                Duration d = suspendFor == null ? DEFAULT_SUSPENSION : suspendFor;
                if (d.isNegative() || d.isZero() || d.compareTo(MAX_SUSPENSION) > 0) {
                  throw PlatformProblem.badRequest("suspend_for must lie in (0, 365 days]")
                      .with("field", "suspend_for");
                }
                suspendedUntil = now.plus(d);
                store.addSanction(
                    subject,
                    item.product(),
                    "suspension",
                    suspendedUntil,
                    reason,
                    moderator.userId(),
                    now);
                detail.put("suspended_until", suspendedUntil.toString());
              } else if (decision == Decision.WARN) {
                store.addSanction(
                    subject, item.product(), "warning", null, reason, moderator.userId(), now);
              }
              int strikeCount = subject == null ? 0 : store.strikes(subject, item.product());
              if (decision.strikes() && subject != null) {
                strikeCount = store.addStrike(subject, item.product(), id, reason, now);
                detail.put("strikes", strikeCount);
                Instant escalated = escalate(subject, item.product(), id, strikeCount, now);
                if (escalated != null
                    && (suspendedUntil == null || escalated.isAfter(suspendedUntil))) {
                  suspendedUntil = escalated;
                  detail.put("escalated_until", escalated.toString());
                }
              }
              store.audit(
                  moderator.userId(),
                  "queue.decision",
                  item.targetType(),
                  item.targetId(),
                  reason,
                  detail,
                  now);
              SafetyDecision event =
                  new SafetyDecision(
                      SafetyDecision.SCHEMA_VERSION,
                      id.toString(),
                      item.targetType(),
                      item.targetId(),
                      decision.wireName(),
                      item.categories(),
                      item.severity(),
                      reason,
                      strikeCount,
                      suspendedUntil);
              outbox.append(
                  Topics.SAFETY_DECISION,
                  item.targetId(),
                  SafetyDecision.type(decision.wireName()),
                  item.targetType() + "s/" + item.targetId(),
                  item.product(),
                  subject,
                  event);
              suspended[0] = suspendedUntil;
              suspendedUser[0] = subject;
              return item(id);
            });
    if (suspended[0] != null) {
      suspensions.publish(suspendedUser[0], decided.product(), suspended[0]);
    }
    return decided;
  }

  /** Automatic suspension once strikes reach a threshold; returns its end, or null. */
  private Instant escalate(
      String userId, String product, UUID itemId, int strikeCount, Instant now) {
    Duration d = null;
    if (strikeCount == strikes.longSuspendAt()) {
      d = strikes.longSuspension();
    } else if (strikeCount == strikes.suspendAt()) {
      d = strikes.suspension();
    }
    if (d == null) {
      return null;
    }
    Instant until = now.plus(d);
    String reason = "automatic: " + strikeCount + " strikes";
    store.addSanction(userId, product, "suspension", until, reason, "system", now);
    store.audit(
        "system",
        "sanction.escalate",
        "user",
        userId,
        reason,
        // the item names the product, which the row has no column for
        Map.of(
            "item_id", itemId.toString(),
            "strikes", strikeCount,
            "suspended_until", until.toString()),
        now);
    return until;
  }

  public List<Report> reportsOf(PlatformPrincipal reporter, int limit) {
    return store.reportsOf(reporter.userId(), reporter.product(), limit);
  }

  public Report reportOf(PlatformPrincipal reporter, UUID id) {
    return store
        .report(id, reporter.userId(), reporter.product())
        .orElseThrow(() -> PlatformProblem.notFound("no such report"));
  }

  public List<AuditEntry> audit(String targetId, PlatformPrincipal moderator, int limit) {
    return store.audit(targetId, moderator.product(), limit);
  }

  public int strikesOf(String userId, PlatformPrincipal moderator) {
    return store.strikes(userId, moderator.product());
  }
}
