package com.companion.safety.export;

import com.companion.safety.review.Report;
import java.time.Instant;
import java.util.List;

/**
 * What safety-filter holds about one user in one product, as the user may read it: the reports they
 * filed, and the strikes, warnings and suspensions decided about them.
 *
 * <p>One page of it: the lists continue on the page {@code nextCursor} names, in the same order
 * (reports, then strikes, then sanctions), until a page has no {@code nextCursor}. Every page has
 * the first page's {@code exportedAt}: rows created after it are not on later pages either.
 *
 * <p>Nothing here names another user: not the moderator who decided (a sanction says only whether
 * it was automatic), not the authors of what the user reported beyond the target the user named
 * themselves, and no text of queue items, whose context holds other people's messages.
 */
public record SafetyExport(
    String source,
    int schemaVersion,
    Instant exportedAt,
    String product,
    List<Report> reports,
    List<Strike> strikes,
    List<Sanction> sanctions,
    String nextCursor) {

  /** Bumped when a member is renamed or removed; new members do not bump it. */
  public static final int SCHEMA_VERSION = 1;

  public static final String SOURCE = "safety-filter";

  /**
   * A strike against the user: what it was about (their message, character or account), the
   * decision and the moderator's stated reason.
   */
  public record Strike(
      String targetType, String targetId, String decision, String reason, Instant createdAt) {}

  /**
   * A warning or a suspension ({@code until} its end); {@code automatic} when strikes reached a
   * threshold rather than a moderator deciding it.
   */
  public record Sanction(
      String kind, Instant until, String reason, boolean automatic, Instant createdAt) {}
}
