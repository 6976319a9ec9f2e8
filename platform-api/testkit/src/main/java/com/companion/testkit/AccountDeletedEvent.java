package com.companion.testkit;

import com.companion.contracts.events.AccountDeleted;
import com.companion.contracts.events.CloudEvent;
import com.companion.contracts.events.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * identity-service's {@code account.deleted} as its outbox writes it, for the tests of the services
 * that consume it: built here, published to {@link Topics#ACCOUNT_LIFECYCLE} on the test broker,
 * and its effect awaited through {@link AccountDeletionRecords}.
 *
 * @param id the CloudEvents id, by which a consumer de-duplicates
 * @param json the message
 */
public record AccountDeletedEvent(String id, String json) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * A new event (a fresh id) about one account.
   *
   * @param pseudonym the pseudonym events carry for the account; null for an event without one
   *     (neither in {@code data} nor as {@code userid})
   */
  public static AccountDeletedEvent of(String userId, String product, String pseudonym) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("schema_version", 1);
    data.put("user_id", userId);
    if (pseudonym != null) {
      data.put("pseudonym", pseudonym);
    }
    data.put("deleted_at", Instant.now().toString());
    String id = UUID.randomUUID().toString();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", CloudEvent.SPEC_VERSION);
    event.put("id", id);
    event.put("source", "/identity-service");
    event.put("type", AccountDeleted.TYPE);
    event.put("time", Instant.now().toString());
    event.put("subject", "accounts/" + userId);
    event.put("datacontenttype", CloudEvent.JSON_CONTENT);
    event.put("product", product);
    if (pseudonym != null) {
      event.put("userid", pseudonym);
    }
    event.put("data", data);
    return new AccountDeletedEvent(id, JSON.writeValueAsString(event));
  }

  /**
   * Publishes the event to {@link Topics#ACCOUNT_LIFECYCLE}; returns once the broker has it. Events
   * published under one key reach the consumer in the order they were published.
   */
  public void publish(String key) {
    TopicWriter.send(Topics.ACCOUNT_LIFECYCLE, key, json);
  }
}
