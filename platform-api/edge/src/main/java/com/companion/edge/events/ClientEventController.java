package com.companion.edge.events;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /v1/events}: the apps' own tracking events, to Kafka {@code client.event}. */
@RestController
public class ClientEventController {

  private final ClientEventValidator validator;
  private final ClientEventRecorder recorder;

  public ClientEventController(ClientEventValidator validator, ClientEventRecorder recorder) {
    this.validator = validator;
    this.recorder = recorder;
  }

  @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Mono<ClientEventReceipt> ingest(
      PlatformPrincipal caller, @RequestBody ClientEventBatch batch) {
    var events = validator.validate(batch);
    return Mono.fromCallable(() -> new ClientEventReceipt(recorder.record(caller, events)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            e -> e instanceof DataAccessException || e instanceof TransactionException,
            e ->
                PlatformProblem.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemType.DEPENDENCY_UNAVAILABLE,
                    "events cannot be stored right now; retry later",
                    e));
  }
}
