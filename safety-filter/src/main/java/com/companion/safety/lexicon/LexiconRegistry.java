package com.companion.safety.lexicon;

import com.companion.safety.config.ChangeNotifier;
import com.companion.safety.lexicon.internal.LexiconStore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The lexicon this replica matches with. Starts from the seed list (so the service moderates even
 * when PostgreSQL is down at start-up), then follows the database: reloaded and swapped whole when
 * any replica announces a change, and periodically.
 */
@Component
public class LexiconRegistry implements Supplier<LexiconMatcher> {

  private static final Logger log = LoggerFactory.getLogger(LexiconRegistry.class);

  private final LexiconStore store;
  private final AtomicReference<LexiconMatcher> current;

  public LexiconRegistry(LexiconStore store, ChangeNotifier notifier) {
    this.store = store;
    this.current = new AtomicReference<>(LexiconMatcher.of(SeedLexicon.load(), 0));
    try {
      store.seed(SeedLexicon.load());
      reload();
    } catch (RuntimeException e) {
      log.warn("lexicon database unavailable, matching with the seed list: {}", e.toString());
    }
    notifier.onChange(
        kind -> {
          if (kind.equals("lexicon") || kind.equals("*")) {
            reload();
          }
        });
  }

  @Override
  public LexiconMatcher get() {
    return current.get();
  }

  /** Reloads when the database holds a newer version than the one in use. */
  public void reload() {
    long version = store.version();
    LexiconMatcher now = current.get();
    if (version != now.version() || now.version() == 0) {
      current.set(LexiconMatcher.of(store.active(), version));
      log.info("lexicon version {} loaded", version);
    }
  }
}
