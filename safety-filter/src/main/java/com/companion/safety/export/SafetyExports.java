package com.companion.safety.export;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.Pseudonyms;
import com.companion.platform.outbox.OutboxProperties;
import com.companion.safety.export.internal.ExportStore;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a user's {@link SafetyExport}. The user is matched by id and, for the decisions about
 * them, also by pseudonym: character reviews name a character's creator by pseudonym, so strikes
 * and sanctions from them are stored under it. Blocking (JDBC).
 */
@Service
public class SafetyExports {

  private final ExportStore store;
  private final TransactionTemplate tx;
  private final Pseudonyms pseudonyms;
  private final Clock clock;

  public SafetyExports(
      ExportStore store, TransactionTemplate tx, OutboxProperties outbox, Clock clock) {
    this.store = store;
    this.tx = tx;
    this.pseudonyms = new Pseudonyms(outbox.pseudonymKey());
    this.clock = clock;
  }

  public SafetyExport of(PlatformPrincipal caller) {
    String product = caller.product();
    String[] ids = {caller.userId(), pseudonyms.of(caller.userId())};
    // one transaction, so that a decision committed between two reads cannot show half of itself
    return tx.execute(
        s ->
            new SafetyExport(
                SafetyExport.SOURCE,
                SafetyExport.SCHEMA_VERSION,
                clock.instant(),
                product,
                store.reportsFiled(caller.userId(), product),
                store.strikes(ids, product),
                store.sanctions(ids, product)));
  }
}
