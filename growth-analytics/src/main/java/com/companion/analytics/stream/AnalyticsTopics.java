package com.companion.analytics.stream;

import com.companion.contracts.events.Topics;
import java.util.List;

/** The topics growth-analytics reads and writes. */
public final class AnalyticsTopics {

  /**
   * Every platform topic the figures come from, and {@code account.lifecycle}, whose deletions make
   * the stream forget a user's own state.
   */
  public static final List<String> INPUT =
      List.of(
          Topics.CHAT_TURN,
          Topics.MODEL_REQUEST,
          Topics.CHARACTER_LIFECYCLE,
          Topics.SAFETY_DECISION,
          Topics.CLIENT_EVENT,
          Topics.ACCOUNT_LIFECYCLE);

  /** The latest value of every figure (compacted), key = the figure key; feeds the read model. */
  public static final String FIGURES = "analytics.figures";

  /** Records that could not be used, with the reason. */
  public static final String DEAD_LETTER = "analytics.dead-letter";

  private AnalyticsTopics() {}
}
