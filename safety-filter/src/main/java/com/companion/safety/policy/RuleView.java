package com.companion.safety.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A {@link CategoryRule} on the wire: {@code {"block_at", "review_at", "redact"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleView(Double blockAt, Double reviewAt, Boolean redact) {

  public static RuleView of(CategoryRule r) {
    return new RuleView(r.blockAt(), r.reviewAt(), r.redact());
  }

  public CategoryRule toRule() {
    return new CategoryRule(blockAt, reviewAt, Boolean.TRUE.equals(redact));
  }
}
