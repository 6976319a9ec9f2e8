package com.companion.identity.guardian;

import com.companion.contracts.events.ChatEvents;
import com.companion.identity.account.AccountRepository;
import com.companion.platform.events.ProcessedEvents;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the when and the with-whom of guarded minors' chat turns from chat-service's {@code
 * chat.turn.completed} events, for parental insights and the daily limit. Events of anyone without
 * a guardian are ignored: the service keeps no activity it does not need. The event's user is a
 * pseudonym, matched to the account by the pseudonym stored at sign-up.
 */
public class ChatTurnListener {

  private final AccountRepository accounts;
  private final Guardianships guardianships;
  private final ChatActivity activity;
  private final ProcessedEvents processed;
  private final TransactionTemplate transactions;
  private final JsonMapper json = JsonMapper.builder().build();

  public ChatTurnListener(
      AccountRepository accounts,
      Guardianships guardianships,
      ChatActivity activity,
      ProcessedEvents processed,
      TransactionTemplate transactions) {
    this.accounts = accounts;
    this.guardianships = guardianships;
    this.activity = activity;
    this.processed = processed;
    this.transactions = transactions;
  }

  public void handle(ConsumerRecord<String, String> record) {
    JsonNode event;
    try {
      event = json.readTree(record.value());
    } catch (RuntimeException e) {
      return; // not an event this service can read; analytics' dead-letter topic keeps those
    }
    if (!ChatEvents.TURN_COMPLETED.equals(event.path("type").asString(null))) {
      return;
    }
    String pseudonym = event.path("userid").asString(null);
    String id = event.path("id").asString(null);
    String time = event.path("time").asString(null);
    if (pseudonym == null || id == null || time == null) {
      return;
    }
    // guardians see a minor's turns only; an adult's turn (most of them) costs no database read
    JsonNode minor = event.path("data").path("minor");
    if (minor.isBoolean() && !minor.booleanValue()) {
      return;
    }
    transactions.executeWithoutResult(
        status ->
            accounts
                .findByPseudonym(pseudonym)
                .filter(account -> guardianships.ofMinor(account.id()).isPresent())
                .ifPresent(
                    account -> {
                      if (processed.firstDelivery(id)) {
                        activity.record(
                            account.id(),
                            UUID.fromString(id),
                            Instant.parse(time),
                            event.path("data").path("character_id").asString(null));
                      }
                    }));
  }
}
