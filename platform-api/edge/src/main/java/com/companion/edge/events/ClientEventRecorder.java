package com.companion.edge.events;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.ClientEvent;
import com.companion.contracts.events.Pseudonyms;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a checked batch to the {@code platform} outbox in one transaction; the outbox relay
 * publishes it to {@code client.event}. The Kafka key is the caller's pseudonym, the same one the
 * envelope carries as {@code userid}, so the raw account id never reaches analytics.
 */
public final class ClientEventRecorder {

  private final Outbox outbox;
  private final TransactionTemplate transactions;
  private final Pseudonyms pseudonyms;

  public ClientEventRecorder(
      Outbox outbox, TransactionTemplate transactions, Pseudonyms pseudonyms) {
    this.outbox = outbox;
    this.transactions = transactions;
    this.pseudonyms = pseudonyms;
  }

  /** Blocking (JDBC): call it on a scheduler made for that. */
  public int record(PlatformPrincipal caller, List<ClientEventValidator.Valid> events) {
    String key = pseudonyms.of(caller.userId());
    transactions.executeWithoutResult(
        status ->
            events.forEach(
                event ->
                    outbox.append(
                        Topics.CLIENT_EVENT,
                        key,
                        ClientEvent.TYPE,
                        event.name(),
                        caller.product(),
                        caller.userId(),
                        new ClientEvent(
                            ClientEvent.SCHEMA_VERSION,
                            event.id(),
                            event.name(),
                            event.time(),
                            caller.ageGroup().claimValue(),
                            event.properties()))));
    return events.size();
  }
}
