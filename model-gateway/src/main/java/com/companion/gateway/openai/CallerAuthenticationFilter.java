package com.companion.gateway.openai;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.gateway.GatewayProperties;
import com.companion.gateway.auth.ApiKeyStore;
import com.companion.gateway.auth.ApiKeyView;
import com.companion.gateway.auth.Caller;
import com.companion.gateway.auth.FailedAuthLimiter;
import com.companion.gateway.auth.TrustedProxies;
import com.companion.platform.auth.InvalidTokenException;
import com.companion.platform.auth.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates callers of the OpenAI-compatible paths: {@code Authorization: Bearer sk-cmp-...}
 * (an API key), {@code Authorization: Bearer <platform JWT>} (a user of the apps, usually forwarded
 * by chat-service), and {@code X-Service-Key: <service>:<secret>} (a platform service; with a
 * user's JWT beside it the request counts against that user, without one against nobody). These
 * paths are public to the platform's JWT filter so that all of their errors keep OpenAI's shape;
 * that is why the filter belongs to the OpenAI surface while the credentials it checks are {@code
 * auth}'s.
 */
@Component
public class CallerAuthenticationFilter implements WebFilter, Ordered {

  public static final String SERVICE_KEY_HEADER = "X-Service-Key";

  private final ApiKeyStore keys;
  private final TokenVerifier verifier;
  private final GatewayProperties properties;
  private final FailedAuthLimiter failures;
  private final TrustedProxies trustedProxies;

  public CallerAuthenticationFilter(
      ApiKeyStore keys,
      TokenVerifier verifier,
      GatewayProperties properties,
      java.time.Clock clock) {
    this.keys = keys;
    this.verifier = verifier;
    this.properties = properties;
    GatewayProperties.Callers callers = properties.callers();
    this.failures =
        new FailedAuthLimiter(
            callers.failedAuthPerMinute(),
            callers.failedAuthBurst(),
            callers.maxTrackedClients(),
            clock);
    this.trustedProxies = new TrustedProxies(callers.trustedProxies());
  }

  /** The per-client budget of failed authentications (for the tests and the admin view). */
  public FailedAuthLimiter failures() {
    return failures;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 200;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!OpenAiErrorHandler.isOpenAiPath(path)) {
      return chain.filter(exchange);
    }
    String client = clientAddress(exchange);
    java.time.Duration wait = failures.waitBeforeNextTry(client);
    boolean throttled = !wait.isZero();
    return resolve(exchange, throttled)
        .onErrorMap(
            OpenAiException.class,
            error -> {
              if (error.status().value() != 401) {
                return error;
              }
              if (throttled) {
                return tooManyFailures(wait);
              }
              // a platform service that proved who it is is not guessing: a user token it
              // forwards and that has just expired must not lock the service's address out
              if (!authenticatedService(exchange)) {
                failures.recordFailure(client);
              }
              return error;
            })
        .flatMap(
            caller -> {
              exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
              return chain.filter(exchange);
            });
  }

  private static OpenAiException tooManyFailures(java.time.Duration wait) {
    String seconds = String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
    return OpenAiException.rateLimited(
        "requests",
        "Too many requests with an invalid credential from your address. Please try again in "
            + seconds
            + "s.",
        java.util.Map.of("retry-after", seconds));
  }

  private boolean authenticatedService(ServerWebExchange exchange) {
    String serviceKey = exchange.getRequest().getHeaders().getFirst(SERVICE_KEY_HEADER);
    return serviceKey != null && checkService(serviceKey) != null;
  }

  /**
   * Who is asking: the peer's address, or, when the peer is a trusted proxy (the edge), the last
   * address it appended to {@code X-Forwarded-For}. Earlier entries are whatever the client wrote
   * and are never trusted.
   */
  String clientAddress(ServerWebExchange exchange) {
    var remote = exchange.getRequest().getRemoteAddress();
    if (remote == null || remote.getAddress() == null) {
      return "unknown";
    }
    String peer = remote.getAddress().getHostAddress();
    if (trustedProxies.trusts(remote.getAddress())) {
      var values = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
      String forwarded = values.isEmpty() ? null : values.getLast();
      if (forwarded != null && !forwarded.isBlank()) {
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
        if (!last.isEmpty()) {
          return last;
        }
      }
    }
    return peer;
  }

  /**
   * The caller behind the request's credentials. When {@code throttled} (the client has used up its
   * budget of failed authentications), only credentials that are checked without the database
   * count: a service credential, a platform JWT, an API key verified recently. Anything else is
   * refused unlooked-at, so guessing keys costs the database nothing, while a client with a valid
   * credential behind the same address goes on working.
   */
  private Mono<Caller> resolve(ServerWebExchange exchange, boolean throttled) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String service = null;
    String serviceKey = headers.getFirst(SERVICE_KEY_HEADER);
    if (serviceKey != null) {
      service = checkService(serviceKey);
      if (service == null) {
        return Mono.error(
            OpenAiException.unauthorized("invalid_service_key", "Invalid service credential."));
      }
    }
    String token = bearer(headers.getFirst(HttpHeaders.AUTHORIZATION));
    GatewayProperties.Quota quota = properties.quota();
    if (token == null) {
      if (service != null) {
        return Mono.just(
            new Caller(Caller.Kind.SERVICE, null, null, "platform", service, 0, 0, null, false));
      }
      return Mono.error(
          OpenAiException.unauthorized(
              "missing_api_key",
              "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."));
    }
    if (token.startsWith("sk-")) {
      Mono<java.util.Optional<ApiKeyView>> lookup =
          throttled ? Mono.just(keys.authenticateFromCache(token)) : keys.authenticate(token);
      return lookup.flatMap(
          found ->
              found
                  .map(
                      key ->
                          Mono.just(
                              new Caller(
                                  Caller.Kind.API_KEY,
                                  key.id(),
                                  null,
                                  key.product(),
                                  null,
                                  key.rpmLimit() == null
                                      ? quota.keyRequestsPerMinute()
                                      : key.rpmLimit(),
                                  key.tpmLimit() == null
                                      ? quota.keyTokensPerMinute()
                                      : key.tpmLimit(),
                                  null,
                                  false)))
                  .orElseGet(
                      () ->
                          Mono.error(
                              OpenAiException.unauthorized(
                                  "invalid_api_key",
                                  "Incorrect API key provided: "
                                      + redact(token)
                                      + ". You can obtain an API key from your platform"
                                      + " administrator."))));
    }
    try {
      PlatformPrincipal principal = verifier.verify(token);
      return Mono.just(
          new Caller(
              Caller.Kind.USER,
              null,
              principal.userId(),
              principal.product(),
              service,
              quota.userRequestsPerMinute(),
              quota.userTokensPerMinute(),
              "Bearer " + token,
              principal.isMinor()));
    } catch (InvalidTokenException e) {
      return Mono.error(
          OpenAiException.unauthorized(
              "invalid_api_key", "Invalid bearer token: " + e.getMessage()));
    }
  }

  private String checkService(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String name = value.substring(0, colon);
    String secret = properties.serviceCredentials().get(name);
    // constant-time comparison: the secret must not leak through response timing
    if (secret == null
        || !MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8),
            value.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return name;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static String redact(String token) {
    return token.length() <= 12
        ? "sk-***"
        : token.substring(0, 8) + "*".repeat(8) + token.substring(token.length() - 4);
  }
}
