package com.companion.safety.snapshot;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The moderation snapshot for platform services that moderate in-process (chat-service), with an
 * ETag so that a follower polling an unchanged snapshot gets a bodiless 304. Only services may read
 * it (the lexicon is what evaders would love to see): {@code X-Service-Key: <service>:<secret>}
 * checked against {@code safety.service-credentials.<service>}; nothing configured refuses
 * everybody, and a service without a credential keeps asking per text over the public API.
 */
@RestController
public class SnapshotController {

  static final String HEADER = "X-Service-Key";

  private final SnapshotPublisher publisher;
  private final Map<String, byte[]> secrets = new HashMap<>();

  public SnapshotController(SnapshotPublisher publisher, Environment environment) {
    this.publisher = publisher;
    Binder.get(environment)
        .bind("safety.service-credentials", Bindable.mapOf(String.class, String.class))
        .orElse(Map.of())
        .forEach(
            (name, secret) -> {
              if (secret != null && !secret.isBlank()) {
                secrets.put(name, secret.getBytes(StandardCharsets.UTF_8));
              }
            });
  }

  @GetMapping(
      value = "/internal/v1/moderation/snapshot",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> snapshot(
      @RequestHeader(value = HEADER, required = false) String key,
      @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
    authorise(key);
    SnapshotPublisher.Published p = publisher.current();
    String etag = "\"" + p.snapshot().version() + "\"";
    if (etag.equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
    }
    return ResponseEntity.ok().eTag(etag).body(p.json());
  }

  @GetMapping(
      value = "/internal/v1/moderation/classifier",
      produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  ResponseEntity<byte[]> classifier(@RequestHeader(value = HEADER, required = false) String key) {
    authorise(key);
    return ResponseEntity.ok()
        .eTag("\"" + publisher.classifierDigest() + "\"")
        .body(publisher.classifier());
  }

  private void authorise(String header) {
    int colon = header == null ? -1 : header.indexOf(':');
    if (colon > 0) {
      byte[] expected = secrets.get(header.substring(0, colon));
      byte[] given = header.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
      // constant time: the secret must not leak through response timing
      if (expected != null && MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw PlatformProblem.of(
        HttpStatus.UNAUTHORIZED,
        ProblemType.UNAUTHENTICATED,
        "the moderation snapshot is for platform services (" + HEADER + ")");
  }
}
