package com.companion.inference.node;

import com.companion.inference.engine.InferenceEngine;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness, readiness (checkpoint loaded and warmed up) and the Prometheus metrics. */
@RestController
class NodeStatusController {

  static final MediaType PROMETHEUS_TEXT =
      MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

  private final InferenceEngine engine;
  private final int maxTokensLimit;

  NodeStatusController(InferenceEngine engine, InferenceProperties properties) {
    this.engine = engine;
    this.maxTokensLimit = properties.maxTokensLimit();
  }

  @GetMapping("/health")
  Map<String, String> health() {
    return Map.of("status", "UP");
  }

  @GetMapping("/ready")
  ResponseEntity<Map<String, Object>> ready() {
    boolean ready = engine.ready();
    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            Map.of(
                "status",
                ready ? "READY" : "NOT_READY",
                "model",
                engine.modelName(),
                // callers validate max_tokens against this before they send a request
                "max_tokens_limit",
                maxTokensLimit));
  }

  @GetMapping("/metrics")
  ResponseEntity<String> metrics() {
    return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(engine.metrics().render());
  }
}
