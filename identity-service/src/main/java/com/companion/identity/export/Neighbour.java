package com.companion.identity.export;

import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.PlatformProblem;
import com.companion.platform.web.RequestIds;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service that holds part of the user's data, read directly (not through the edge) with the
 * user's own bearer token, so that it applies its own tenancy. Anything but a 200 with JSON makes
 * the whole export a 503: a partial export would look complete to the user.
 */
final class Neighbour {

  /** Long enough for a restarting neighbour, short enough that a user does not give up. */
  static final String RETRY_AFTER_SECONDS = "5";

  private static final Logger log = LoggerFactory.getLogger(Neighbour.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  Neighbour(String name, String baseUrl, Duration timeout) {
    this.name = name;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    // HTTP/1.1: the neighbours are plain HTTP, where HTTP/2 would only add an upgrade round trip
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * One page of a list as JSON: {@code GET path}, or {@code GET path?cursorParameter=cursor} when
   * there is a cursor.
   */
  JsonNode page(String path, String cursorParameter, String cursor, ForwardedHeaders headers) {
    return get(
        cursor == null
            ? path
            : path
                + "?"
                + cursorParameter
                + "="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
        headers);
  }

  /** {@code GET path} (with its query, if any) as JSON. */
  JsonNode get(String path, ForwardedHeaders headers) {
    URI uri = URI.create(baseUrl + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", headers.authorization())
            .header("Accept", "application/json")
            .GET();
    if (headers.requestId() != null) {
      request.header(RequestIds.HEADER, headers.requestId());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("GET " + path + " was interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw unavailable("GET " + path + " answered " + response.statusCode(), null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw unavailable("GET " + path + " answered something that is not JSON", e);
    }
  }

  /** The 503 problem that stands for this neighbour not answering. */
  PlatformProblem unavailable(String why, Throwable cause) {
    log.warn("the export cannot read {}: {}", name, why);
    PlatformProblem problem =
        PlatformProblem.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemType.DEPENDENCY_UNAVAILABLE,
            "the export needs " + name + ", which cannot answer now; please try again shortly",
            cause);
    problem.getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
    return problem.with("service", name);
  }
}
