package com.companion.safety.config;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Tells every replica that lexicons or policies changed: the replica that made the change publishes
 * the kind ("lexicon", "policy") on a Redis channel, every replica (itself included) reloads from
 * PostgreSQL, which stays the source of truth. A periodic reload covers messages lost while a
 * replica was disconnected from Redis.
 */
@Component
public class ChangeNotifier {

  private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

  private final ReactiveStringRedisTemplate redis;
  private final SafetyProperties properties;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final ReactiveRedisMessageListenerContainer container;
  private Disposable subscription;
  private Disposable ticker;

  public ChangeNotifier(
      ReactiveStringRedisTemplate redis,
      ReactiveRedisConnectionFactory connections,
      SafetyProperties properties) {
    this.redis = redis;
    this.properties = properties;
    // our own container, closed before the connection factory goes away
    this.container = new ReactiveRedisMessageListenerContainer(connections);
  }

  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @PostConstruct
  void start() {
    subscription =
        container
            .receive(ChannelTopic.of(properties.changesChannel()))
            .map(m -> m.getMessage())
            .publishOn(Schedulers.boundedElastic())
            .doOnNext(this::dispatch)
            .retryWhen(Retry.backoff(Long.MAX_VALUE, java.time.Duration.ofSeconds(1)))
            .subscribe();
    ticker =
        Flux.interval(properties.refreshInterval(), properties.refreshInterval())
            .publishOn(Schedulers.boundedElastic())
            .subscribe(t -> dispatch("*"));
  }

  /** Announces a change; the local replica reloads right away too. */
  public void publish(String kind) {
    dispatch(kind);
    redis
        .convertAndSend(properties.changesChannel(), kind)
        .doOnError(e -> log.warn("could not announce {} change: {}", kind, e.toString()))
        .onErrorComplete()
        .subscribe();
  }

  private void dispatch(String kind) {
    for (Consumer<String> l : listeners) {
      try {
        l.accept(kind);
      } catch (RuntimeException e) {
        log.warn("reload after {} change failed: {}", kind, e.toString());
      }
    }
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.dispose();
    }
    try {
      if (subscription != null) {
        subscription.dispose();
      }
      container.destroy();
    } catch (RuntimeException e) {
      // the connection factory may already be shutting down; nothing left to release
      log.debug("closing the change subscription: {}", e.toString());
    }
  }
}
