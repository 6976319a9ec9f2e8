package com.companion.safety.stream;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.LazyConnectionGuard;
import com.companion.platform.web.PlatformProblem;
import com.companion.safety.config.SafetyProperties;
import com.companion.safety.moderation.SupportDirectory;
import com.companion.safety.policy.PolicyEvaluator;
import com.companion.safety.policy.PolicyRegistry;
import com.companion.safety.scoring.ModerationEngine;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Moderation streams over HTTP. A stream's state (text received, how much was released, stopped)
 * lives in a Redis hash with a TTL, so the replica that takes a chunk need not be the one that
 * opened the stream, and a forgotten stream expires by itself. Chunks of one stream arrive one at a
 * time (the caller awaits each verdict), so read-compute-write needs no lock.
 */
@Component
public class StreamSessions {

  /** What a caller asking for a stream gets back. */
  public record Opened(String id, int maxHoldBackChars, String product, String ageGroup) {}

  static final String KEY_PREFIX = "safety:stream:";
  static final String STOP_MESSAGE_ZH = "抱歉，这段回复不适合继续显示。我们换个话题聊聊吧。";
  static final String STOP_MESSAGE_EN =
      "Sorry, this reply cannot be shown. Let's talk about something else.";

  private final ReactiveStringRedisTemplate redis;
  private final LazyConnectionGuard connection;
  private final ModerationEngine engine;
  private final PolicyEvaluator evaluator;
  private final PolicyRegistry policies;
  private final SafetyProperties properties;
  private final SupportDirectory support;

  public StreamSessions(
      ReactiveStringRedisTemplate redis,
      LazyConnectionGuard connection,
      ModerationEngine engine,
      PolicyEvaluator evaluator,
      PolicyRegistry policies,
      SafetyProperties properties,
      SupportDirectory support) {
    this.redis = redis;
    this.connection = connection;
    this.engine = engine;
    this.evaluator = evaluator;
    this.policies = policies;
    this.properties = properties;
    this.support = support;
  }

  public Mono<Opened> open(PlatformPrincipal caller) {
    String id = UUID.randomUUID().toString();
    String key = KEY_PREFIX + id;
    Map<String, String> state =
        Map.of(
            "owner",
            caller.userId(),
            "product",
            caller.product() == null ? "" : caller.product(),
            "age_group",
            caller.ageGroup().claimValue(),
            "received",
            "",
            "released",
            "0",
            "stopped",
            "0");
    return connection
        .call(() -> redis.opsForHash().putAll(key, state))
        .then(redis.expire(key, properties.streamTtl()))
        .thenReturn(
            new Opened(
                id,
                ModerationStream.MAX_HOLD_BACK_CHARS,
                caller.product(),
                caller.ageGroup().claimValue()))
        .onErrorMap(e -> !(e instanceof PlatformProblem), StreamSessions::unavailable);
  }

  public Mono<StreamVerdict> push(String id, PlatformPrincipal caller, String text) {
    return load(id, caller)
        .flatMap(
            state -> {
              ModerationStream stream = restore(state);
              if (stream.isStopped()) {
                return Mono.error(PlatformProblem.conflict("the stream was stopped"));
              }
              StreamVerdict v = stream.push(text);
              return save(id, stream).thenReturn(v);
            });
  }

  public Mono<StreamVerdict> close(String id, PlatformPrincipal caller) {
    return load(id, caller)
        .flatMap(
            state -> {
              ModerationStream stream = restore(state);
              StreamVerdict v = stream.close();
              return redis.delete(KEY_PREFIX + id).thenReturn(v);
            });
  }

  public Mono<Void> discard(String id, PlatformPrincipal caller) {
    return load(id, caller).flatMap(state -> redis.delete(KEY_PREFIX + id)).then();
  }

  private Mono<Map<String, String>> load(String id, PlatformPrincipal caller) {
    return connection
        .call(
            () ->
                redis
                    .<String, String>opsForHash()
                    .entries(KEY_PREFIX + id)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue))
        .onErrorMap(e -> !(e instanceof PlatformProblem), StreamSessions::unavailable)
        .flatMap(
            m ->
                m.isEmpty() || !caller.userId().equals(m.get("owner"))
                    ? Mono.error(PlatformProblem.notFound("no such stream (it may have expired)"))
                    : Mono.just(m));
  }

  private ModerationStream restore(Map<String, String> state) {
    String product = state.get("product");
    AgeGroup ageGroup = AgeGroup.fromClaim(state.get("age_group"));
    return ModerationStream.resume(
        engine,
        evaluator,
        policies.policyFor(product.isEmpty() ? null : product, ageGroup),
        selfHarm -> replacement(selfHarm, product, state.get("received")),
        state.get("received"),
        Integer.parseInt(state.get("released")),
        state.get("stopped").equals("1"));
  }

  private String replacement(boolean selfHarm, String product, String text) {
    if (selfHarm) {
      return support.forText(product, text).asText();
    }
    boolean chinese = text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    return chinese ? STOP_MESSAGE_ZH : STOP_MESSAGE_EN;
  }

  private Mono<Boolean> save(String id, ModerationStream stream) {
    String key = KEY_PREFIX + id;
    return redis
        .opsForHash()
        .putAll(
            key,
            Map.of(
                "received", stream.receivedText(),
                "released", Integer.toString(stream.releasedLength()),
                "stopped", stream.isStopped() ? "1" : "0"))
        .then(redis.expire(key, properties.streamTtl()));
  }

  private static Throwable unavailable(Throwable e) {
    return PlatformProblem.of(
        org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
        com.companion.contracts.problem.ProblemType.DEPENDENCY_UNAVAILABLE,
        "stream state store unavailable: " + e.getMessage(),
        e);
  }
}
