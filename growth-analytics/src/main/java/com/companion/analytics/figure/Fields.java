package com.companion.analytics.figure;

/** Counter names inside a figure. The README defines each one. */
public final class Fields {

  // daily
  public static final String DAU = "dau";
  public static final String WAU = "wau";
  public static final String MAU = "mau";
  public static final String NEW_USERS = "new_users";
  public static final String MESSAGES = "messages";
  public static final String CONVERSATIONS = "conversations";
  public static final String SESSIONS = "sessions";
  public static final String SESSION_MS = "session_ms";
  public static final String TURNS = "turns";
  public static final String FLAGGED = "flagged";
  public static final String BLOCKED = "blocked";
  public static final String REPORTS = "reports";
  public static final String MODERATION_ACTIONS = "moderation_actions";
  public static final String LIKES = "likes";

  // cohort
  public static final String SIZE = "size";
  public static final String D1 = "d1";
  public static final String D7 = "d7";
  public static final String D30 = "d30";

  // funnel, in step order
  public static final String IMPRESSION = "impression";
  public static final String CHARACTER_PAGE = "character_page";
  public static final String FIRST_MESSAGE = "first_message";
  public static final String FIFTH_MESSAGE = "fifth_message";
  public static final String NEXT_DAY = "next_day";

  // character
  public static final String CHATS = "chats";
  public static final String NEW_CHATTERS = "new_chatters";
  public static final String D7_RETURNED = "d7_returned";

  // creator (also chats, messages, likes, new_chatters, d7_returned)
  public static final String ACTIVE_CHARACTERS = "active_characters";
  public static final String CHATTERS = "chatters";

  // model version
  public static final String CONVERSATIONS_STARTED = "conversations_started";
  public static final String EARLY_ABANDONED = "early_abandoned";
  public static final String REGENERATES = "regenerates";
  public static final String RATINGS = "ratings";
  public static final String STARS_SUM = "stars_sum";
  public static final String STARS_PREFIX = "stars_";
  public static final String TTFT_SAMPLES = "ttft_samples";
  public static final String CANCELLED = "cancelled";
  public static final String ERRORS = "errors";

  // model alias, dead letters
  public static final String REQUESTS = "requests";
  public static final String EVENTS = "events";

  private Fields() {}
}
