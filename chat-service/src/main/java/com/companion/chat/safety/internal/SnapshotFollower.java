package com.companion.chat.safety.internal;

import com.companion.safety.classifier.TextClassifier;
import com.companion.safety.engine.Moderator;
import com.companion.safety.engine.SafetySnapshot;
import com.companion.safety.engine.SnapshotJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps an in-process {@link Moderator} in step with safety-filter, which owns the lexicon,
 * policies, support texts and classifier. It asks for the snapshot every {@code poll} with the
 * version it holds ({@code If-None-Match}); an unchanged snapshot costs a 304 and no parsing, and
 * the classifier (about 3 MB) is fetched only when its digest changes.
 *
 * <p>Staleness bound: a change made in safety-filter is in force here at most {@code poll} later.
 * While safety-filter cannot be reached the last snapshot stays in use for {@code maxStaleness}
 * after it was last confirmed; after that {@link #current()} answers null, and chat-service falls
 * back to asking safety-filter per text (which answers 503 while it is down), so no text is judged
 * by rules older than that.
 */
final class SnapshotFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SnapshotFollower.class);

  static final String SNAPSHOT_PATH = "/internal/v1/moderation/snapshot";
  static final String CLASSIFIER_PATH = "/internal/v1/moderation/classifier";

  private record Held(Moderator moderator, TextClassifier classifier, Instant confirmed) {}

  private final WebClient http;
  private final String serviceKey;
  private final Duration timeout;
  private final Duration maxStaleness;
  private final Clock clock;
  private final AtomicReference<Held> held = new AtomicReference<>();
  private final Disposable polling;

  SnapshotFollower(
      WebClient http,
      String serviceKey,
      Duration poll,
      Duration timeout,
      Duration maxStaleness,
      Clock clock) {
    this.http = http;
    this.serviceKey = serviceKey == null ? "" : serviceKey;
    this.timeout = timeout;
    this.maxStaleness = maxStaleness;
    this.clock = clock;
    this.polling =
        Flux.interval(Duration.ZERO, poll, Schedulers.boundedElastic())
            .onBackpressureDrop()
            .concatMap(tick -> refresh().onErrorResume(this::keepLast), 1)
            .subscribe();
  }

  /** The moderator in force, or null when there is none recent enough. */
  Moderator current() {
    Held h = held.get();
    if (h == null || h.confirmed().plus(maxStaleness).isBefore(clock.instant())) {
      return null;
    }
    return h.moderator();
  }

  /** Fetches the snapshot if it changed; answers when done. */
  Mono<Void> refresh() {
    Held h = held.get();
    return http.get()
        .uri(SNAPSHOT_PATH)
        .headers(
            headers -> {
              if (!serviceKey.isBlank()) {
                headers.set(HEADER, serviceKey);
              }
              if (h != null) {
                headers.setIfNoneMatch("\"" + h.moderator().version() + "\"");
              }
            })
        .exchangeToMono(
            response -> {
              if (response.statusCode().value() == HttpStatus.NOT_MODIFIED.value() && h != null) {
                held.set(new Held(h.moderator(), h.classifier(), clock.instant()));
                return response.releaseBody();
              }
              if (!response.statusCode().is2xxSuccessful()) {
                return response
                    .releaseBody()
                    .then(
                        Mono.error(
                            new IOException(
                                "safety-filter answered " + response.statusCode().value())));
              }
              return response.bodyToMono(String.class).flatMap(this::install);
            })
        .timeout(timeout.multipliedBy(4));
  }

  private Mono<Void> install(String json) {
    SafetySnapshot snapshot = SnapshotJson.read(json);
    Held h = held.get();
    Mono<TextClassifier> classifier =
        h != null && snapshot.classifierDigest().equals(digestOf(h))
            ? Mono.just(h.classifier())
            : http.get()
                .uri(CLASSIFIER_PATH)
                .headers(
                    headers -> {
                      if (!serviceKey.isBlank()) {
                        headers.set(HEADER, serviceKey);
                      }
                    })
                .retrieve()
                .bodyToFlux(DataBuffer.class)
                // the weights are megabytes: joined here rather than in the codecs' 256 KB buffer
                .as(buffers -> DataBufferUtils.join(buffers, MAX_CLASSIFIER_BYTES))
                .map(
                    buffer -> {
                      byte[] bytes = new byte[buffer.readableByteCount()];
                      buffer.read(bytes);
                      DataBufferUtils.release(buffer);
                      return bytes;
                    })
                .timeout(timeout.multipliedBy(12))
                .map(bytes -> read(bytes, snapshot.classifierDigest()));
    return classifier
        .publishOn(Schedulers.boundedElastic())
        .doOnNext(
            c -> {
              held.set(new Held(new Moderator(snapshot, c), c, clock.instant()));
              log.info("moderating in process with safety snapshot {}", snapshot.version());
            })
        .then();
  }

  private static String digestOf(Held h) {
    return h.moderator().snapshot().classifierDigest();
  }

  private static TextClassifier read(byte[] bytes, String digest) {
    if (!SnapshotJson.sha256(bytes).equals(digest)) {
      throw new IllegalStateException("the classifier does not match the snapshot's digest");
    }
    try {
      return TextClassifier.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Mono<Void> keepLast(Throwable e) {
    log.debug("safety snapshot not refreshed: {}", e.toString());
    return Mono.empty();
  }

  static final String HEADER = "X-Service-Key";

  private static final int MAX_CLASSIFIER_BYTES = 64 * 1024 * 1024;

  @Override
  public void close() {
    polling.dispose();
  }
}
