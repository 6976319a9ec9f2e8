package com.companion.identity.support;

import com.companion.testkit.PkceSignIn;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an app does over HTTP besides the PKCE sign-in (testkit's {@link PkceSignIn}): sign up, the
 * sign-in form on its own, refresh, revocation, sign-out, API calls.
 */
public final class IdentityClient {

  public static final String CLIENT_ID = "test-app";
  public static final String OTHER_CLIENT_ID = "other-app";
  public static final String REDIRECT = "com.companion.test:/oauth2/callback";

  /** Where the end-session endpoint may send the test app's browser after a sign-out. */
  public static final String SIGNED_OUT = "com.companion.test:/oauth2/signed-out";

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;

  public IdentityClient(String base) {
    this.base = base;
  }

  public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

    public static Reply of(HttpResponse<String> response) {
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response);
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String location() {
      return raw.headers().firstValue("Location").orElse(null);
    }
  }

  public Reply signUp(String username, String password, String birthDate, String guardian) {
    return signUpFrom(randomAddress(), username, password, birthDate, guardian);
  }

  public Reply signUpFrom(
      String address, String username, String password, String birthDate, String guardian) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", password);
    body.put("birth_date", birthDate);
    body.put("product", "glow");
    if (guardian != null) {
      body.put("guardian_contact", guardian);
    }
    return send(
        HttpClient.newHttpClient(),
        HttpRequest.newBuilder(URI.create(base + "/v1/accounts"))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", address)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  public Reply get(String path, String token) {
    return send(
        HttpClient.newHttpClient(),
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token));
  }

  public Reply delete(String path, String token) {
    return send(
        HttpClient.newHttpClient(),
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .DELETE());
  }

  public Reply json(String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(HttpClient.newHttpClient(), request);
  }

  /**
   * A browser session ({@link PkceSignIn#browser()}: cookies kept, redirects not followed) from an
   * address of its own, so that the sign-in throttle counts its failures apart from other tests'.
   */
  public final class Browser {
    private final HttpClient http = PkceSignIn.browser();
    private final String address = randomAddress();

    /** For {@link PkceSignIn#signIn(HttpClient, String, String)} in this browser. */
    public HttpClient http() {
      return http;
    }

    public Reply get(String url) {
      return send(
          http,
          HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url))
              .header("Accept", "text/html")
              .header("X-Forwarded-For", address));
    }

    /** Posts the sign-in form with the CSRF token from the form page. */
    public Reply login(String username, String password) {
      Reply page = get("/login");
      Matcher csrf = CSRF.matcher(page.body());
      if (!csrf.find()) {
        throw new IllegalStateException("no CSRF token in the sign-in form: " + page.body());
      }
      return send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/login"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Forwarded-For", address)
              .POST(
                  form(
                      Map.of("username", username, "password", password, "_csrf", csrf.group(1)))));
    }
  }

  public Browser browser() {
    return new Browser();
  }

  /**
   * OpenID Connect RP-Initiated Logout: the end-session request an app sends the browser to, with
   * the ID token as hint, its client id and, when not null, where to come back to.
   */
  public String endSessionUrl(String idToken, String clientId, String postLogoutRedirect) {
    StringBuilder url =
        new StringBuilder(base)
            .append("/connect/logout?id_token_hint=")
            .append(URLEncoder.encode(idToken, StandardCharsets.UTF_8))
            .append("&client_id=")
            .append(URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    if (postLogoutRedirect != null) {
      url.append("&post_logout_redirect_uri=")
          .append(URLEncoder.encode(postLogoutRedirect, StandardCharsets.UTF_8))
          .append("&state=signed-out");
    }
    return url.toString();
  }

  public Reply refresh(String refreshToken) {
    return tokenRequest(
        Map.of(
            "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT_ID));
  }

  public Reply tokenRequest(Map<String, String> parameters) {
    return formPost("/oauth2/token", parameters);
  }

  /** RFC 7009 revocation, as a public client signing out sends it (no client credentials). */
  public Reply revoke(Map<String, String> parameters) {
    return formPost("/oauth2/revoke", parameters);
  }

  public Reply formPost(String path, Map<String, String> parameters) {
    return send(
        HttpClient.newHttpClient(),
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            // as the apps send it: without it an unauthenticated request is sent to the sign-in
            // form
            .header("Accept", "application/json")
            .POST(form(parameters)));
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> parameters) {
    StringBuilder body = new StringBuilder();
    parameters.forEach(
        (key, value) -> {
          if (!body.isEmpty()) {
            body.append('&');
          }
          body.append(URLEncoder.encode(key, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return HttpRequest.BodyPublishers.ofString(body.toString());
  }

  private static Reply send(HttpClient http, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
      return Reply.of(response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String randomAddress() {
    SecureRandom random = new SecureRandom();
    // 198.18.0.0/15 (benchmarking range): not a proxy address, so the service believes it
    return "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
