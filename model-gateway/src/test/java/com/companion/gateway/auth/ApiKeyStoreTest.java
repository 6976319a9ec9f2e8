package com.companion.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.MutableClock;
import com.companion.gateway.auth.internal.ApiKeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache of verified keys: bounded, and never a slot for a made-up key. */
class ApiKeyStoreTest {

  private static final int MAX_CACHED = 3;

  /** A key table in memory that counts its lookups. */
  private static final class KeyTable extends ApiKeyRepository {
    final Map<String, ApiKeyView> byHash = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    KeyTable() {
      super(null);
    }

    String add(String secret) {
      byHash.put(
          ApiKeyStore.hash(secret),
          new ApiKeyView(
              UUID.randomUUID().toString(), "k", "devs", "sk-cmp-x", null, null, "t", null, null));
      return secret;
    }

    @Override
    public Optional<ApiKeyView> findActiveByHash(String hash) {
      lookups.incrementAndGet();
      return Optional.ofNullable(byHash.get(hash));
    }
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final KeyTable table = new KeyTable();
  private final ApiKeyStore store =
      new ApiKeyStore(table, Duration.ofSeconds(30), MAX_CACHED, clock);

  @Test
  void madeUpKeysTakeNoSlotInTheCache() {
    String valid = table.add("sk-cmp-valid");
    assertThat(store.authenticate(valid).block()).isPresent();

    for (int i = 0; i < 10_000; i++) {
      assertThat(store.authenticate("sk-cmp-guess-" + i).block()).isEmpty();
    }

    assertThat(store.cachedKeys()).isEqualTo(1);
    assertThat(store.authenticateFromCache(valid)).isPresent();
    assertThat(store.authenticateFromCache("sk-cmp-guess-1")).isEmpty();
  }

  @Test
  void theCacheHoldsAtMostItsCapLeastRecentlyUsedGoingFirst() {
    for (int i = 0; i < 50; i++) {
      assertThat(store.authenticate(table.add("sk-cmp-key-" + i)).block()).isPresent();
    }

    assertThat(store.cachedKeys()).isEqualTo(MAX_CACHED);
    assertThat(store.authenticateFromCache("sk-cmp-key-49")).isPresent();
    assertThat(store.authenticateFromCache("sk-cmp-key-0")).isEmpty();
    // an evicted key still authenticates, from the database
    int lookups = table.lookups.get();
    assertThat(store.authenticate("sk-cmp-key-0").block()).isPresent();
    assertThat(table.lookups.get()).isEqualTo(lookups + 1);
  }

  @Test
  void aCachedKeyIsTrustedOnlyUntilItsTtl() {
    String valid = table.add("sk-cmp-valid");
    store.authenticate(valid).block();
    int lookups = table.lookups.get();
    assertThat(store.authenticate(valid).block()).isPresent();
    assertThat(table.lookups.get()).isEqualTo(lookups);

    clock.advance(Duration.ofSeconds(31));

    assertThat(store.authenticateFromCache(valid)).isEmpty();
    assertThat(store.authenticate(valid).block()).isPresent();
    assertThat(table.lookups.get()).isEqualTo(lookups + 1);
  }
}
