package com.companion.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service's outbox lives and how its relay runs. {@code
 * platform.outbox.relay-enabled=false} leaves the rows in the table (no relay), for tests that
 * inspect them.
 *
 * @param schema the service's schema that holds its {@code outbox} table; no outbox without it
 * @param source the CloudEvents {@code source} of this service's events
 * @param pollInterval how often the relay looks for rows that no commit in this process announced
 *     (a commit through {@link Outbox} wakes it at once)
 * @param gatherDelay how long the relay waits after such a commit before its round, so that the
 *     events committed meanwhile go out with it: one transaction and one produce request for many
 *     events on a busy service, at the price of that much delay before an event reaches Kafka
 * @param batchSize rows published per round
 * @param pseudonymKey key of the user-id pseudonyms in events
 */
@ConfigurationProperties("platform.outbox")
public record OutboxProperties(
    String schema,
    @DefaultValue("/companion") String source,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("100ms") Duration gatherDelay,
    @DefaultValue("500") int batchSize,
    @DefaultValue("local-pseudonym-key") String pseudonymKey) {}
