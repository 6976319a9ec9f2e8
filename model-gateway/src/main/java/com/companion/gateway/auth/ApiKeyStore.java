package com.companion.gateway.auth;

import com.companion.gateway.GatewayProperties;
import com.companion.gateway.auth.internal.ApiKeyRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issues, lists, revokes and checks API keys. A key is {@code sk-cmp-} plus 256 random bits; only
 * its SHA-256 is stored. A fast unsalted hash is enough here because the secret itself has full
 * entropy (there is nothing to brute-force the way there is with passwords), and it lets a lookup
 * be one indexed equality match. Valid keys are cached briefly, at most {@code maxCachedKeys} of
 * them (least recently used go first), so the request path rarely reads the database; unknown
 * secrets are never cached, or every made-up key would take a slot. Guessing is throttled per
 * client by {@link FailedAuthLimiter} instead.
 */
@Service
public class ApiKeyStore {

  public static final String SECRET_PREFIX = "sk-cmp-";

  private final ApiKeyRepository repository;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Cached> cache;

  private record Cached(ApiKeyView key, Instant expires) {}

  /** A freshly created key: the only time its secret is ever shown. */
  public record CreatedKey(ApiKeyView key, String secret) {}

  @Autowired
  public ApiKeyStore(ApiKeyRepository repository, GatewayProperties properties, Clock clock) {
    this(repository, properties.quota().keyCacheTtl(), properties.callers().maxCachedKeys(), clock);
  }

  ApiKeyStore(ApiKeyRepository repository, Duration ttl, int maxCachedKeys, Clock clock) {
    this.repository = repository;
    this.clock = clock;
    this.ttl = ttl;
    this.cache =
        java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxCachedKeys;
              }
            });
  }

  public Mono<CreatedKey> create(
      String name, String product, Integer rpmLimit, Integer tpmLimit, String createdBy) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ApiKeyView key =
        new ApiKeyView(
            UUID.randomUUID().toString(),
            name,
            product,
            secret.substring(0, SECRET_PREFIX.length() + 4),
            rpmLimit,
            tpmLimit,
            createdBy,
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
            null);
    return Mono.fromRunnable(() -> repository.insert(key, hash(secret)))
        .subscribeOn(Schedulers.boundedElastic())
        .thenReturn(new CreatedKey(key, secret));
  }

  /** The keys of one product, newest first. */
  public Mono<List<ApiKeyView>> list(
      String product, Instant afterCreatedAt, UUID afterId, int limit) {
    return Mono.fromCallable(() -> repository.list(product, afterCreatedAt, afterId, limit))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Revokes a key of this product; false when the product has no key of that id. */
  public Mono<Boolean> revoke(String product, UUID id) {
    return Mono.fromCallable(() -> repository.revoke(product, id, clock.instant()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            hash -> {
              hash.ifPresent(cache::remove);
              return hash.isPresent();
            });
  }

  /**
   * Forgets cached verifications of these keys (by the hash of their secret), so that keys revoked
   * elsewhere than {@link #revoke} stop working on this replica at once.
   */
  public void forget(Collection<String> hashes) {
    hashes.forEach(cache::remove);
  }

  /** The active key behind a secret, or empty. */
  public Mono<Optional<ApiKeyView>> authenticate(String secret) {
    String hash = hash(secret);
    Instant now = clock.instant();
    Optional<ApiKeyView> cached = cached(hash, now);
    if (cached.isPresent()) {
      return Mono.just(cached);
    }
    return Mono.fromCallable(() -> repository.findActiveByHash(hash))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(
            found -> {
              if (found.isPresent()) {
                cache.put(hash, new Cached(found.get(), now.plus(ttl)));
              } else {
                cache.remove(hash);
              }
            });
  }

  /**
   * The key behind a secret if it was verified recently, without asking the database: what a client
   * that has used up its budget of failed authentications may still use.
   */
  public Optional<ApiKeyView> authenticateFromCache(String secret) {
    return cached(hash(secret), clock.instant());
  }

  private Optional<ApiKeyView> cached(String hash, Instant now) {
    Cached cached = cache.get(hash);
    return cached != null && now.isBefore(cached.expires())
        ? Optional.of(cached.key())
        : Optional.empty();
  }

  /** Keys cached now. */
  public int cachedKeys() {
    return cache.size();
  }

  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
