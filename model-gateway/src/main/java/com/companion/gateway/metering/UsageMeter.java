package com.companion.gateway.metering;

import com.companion.contracts.events.ModelRequestUsage;
import com.companion.contracts.events.Topics;
import com.companion.gateway.auth.Caller;
import com.companion.gateway.completion.RequestTrace;
import com.companion.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes one {@code usage.model-request} event per request into the gateway's outbox, from where
 * the relay publishes it to Kafka: a Kafka outage delays events, it does not lose them.
 */
@Component
public class UsageMeter {

  private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

  private final Outbox outbox;
  private final TransactionTemplate tx;

  public UsageMeter(Outbox outbox, TransactionTemplate tx) {
    this.outbox = outbox;
    this.tx = tx;
  }

  /** What the request asked for, for the event. */
  public record RequestInfo(String requestId, String alias, boolean stream, String endUser) {}

  public Mono<Void> record(Caller caller, RequestInfo request, RequestTrace trace, String status) {
    ModelRequestUsage usage =
        new ModelRequestUsage(
            ModelRequestUsage.SCHEMA_VERSION,
            request.requestId(),
            caller.kind().wireName(),
            caller.apiKeyId(),
            caller.service(),
            request.endUser(),
            request.alias(),
            trace == null ? null : trace.version(),
            trace == null ? null : trace.node(),
            request.stream(),
            trace == null ? 0 : trace.promptTokens(),
            trace == null ? 0 : trace.completionTokens(),
            trace == null ? null : trace.ttftMillis(),
            trace == null ? 0 : trace.elapsedMillis(),
            status,
            trace == null ? null : trace.finishReason(),
            trace == null ? 0 : trace.attempts());
    String user = caller.userId() != null ? caller.userId() : caller.apiKeyId();
    return Mono.fromRunnable(
            () ->
                tx.executeWithoutResult(
                    s ->
                        outbox.append(
                            Topics.MODEL_REQUEST,
                            request.requestId(),
                            ModelRequestUsage.TYPE,
                            "models/" + request.alias(),
                            caller.product(),
                            user,
                            usage)))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnError(e -> log.error("usage event of {} not written", request.requestId(), e))
        .onErrorResume(e -> Mono.empty())
        .then();
  }
}
