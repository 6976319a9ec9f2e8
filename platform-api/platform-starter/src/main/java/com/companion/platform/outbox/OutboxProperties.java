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
 * @param batchSize rows published per round
 * @param pseudonymKey key of the user-id pseudonyms in events
 */
@ConfigurationProperties("platform.outbox")
public record OutboxProperties(
    String schema,
    @DefaultValue("/companion") String source,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("500") int batchSize,
    @DefaultValue("local-pseudonym-key") String pseudonymKey) {}
