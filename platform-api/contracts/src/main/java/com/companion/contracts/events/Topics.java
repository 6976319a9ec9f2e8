package com.companion.contracts.events;

/** Kafka topic names. The message key is always the aggregate id, so per-aggregate order holds. */
public final class Topics {

  public static final String CHAT_TURN = "usage.chat-turn";
  public static final String MODEL_REQUEST = "usage.model-request";
  public static final String CHARACTER_LIFECYCLE = "character.lifecycle";
  public static final String SAFETY_DECISION = "safety.decision";
  public static final String CLIENT_EVENT = "client.event";
  public static final String ACCOUNT_LIFECYCLE = "account.lifecycle";

  private Topics() {}
}
