package com.companion.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs an account in as an app does (OAuth 2.1 authorization code with PKCE, RFC 8252's loopback
 * redirect): authorize, the sign-in form with its CSRF token, back with a code, the code for
 * tokens. Nothing listens on the redirect address: the code is read from the redirect itself.
 *
 * @param base where identity-service's OAuth paths are reached (the edge, or the service)
 * @param clientId a public client whose redirect URIs include {@code
 *     http://127.0.0.1/oauth2/callback}
 */
public record PkceSignIn(String base, String clientId) {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
  private static final String REDIRECT = "http://127.0.0.1:53682/oauth2/callback";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * The tokens of a finished sign-in; {@code idToken} since the {@code openid} scope asks for it.
   */
  public record Tokens(String accessToken, String refreshToken, String idToken) {}

  /** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
  public record Pkce(String verifier, String challenge) {

    public static Pkce create() {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A browser: it keeps cookies, so the sign-in session lives on in it, and does not follow
   * redirects, so each step can be checked.
   */
  public static HttpClient browser() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .build();
  }

  /** The whole sign-in, in a browser of its own. */
  public Tokens signIn(String username, String password) {
    return signIn(browser(), username, password);
  }

  /**
   * The whole sign-in in the given browser, which keeps the sign-in session afterwards (a later
   * authorization request in it gets a code at once, until a sign-out).
   */
  public Tokens signIn(HttpClient browser, String username, String password) {
    Pkce pkce = Pkce.create();
    String state = UUID.randomUUID().toString();
    expectRedirect(get(browser, authorizeUrl(pkce, state, REDIRECT)), "authorize");
    HttpResponse<String> form = get(browser, base + "/login");
    Matcher csrf = CSRF.matcher(form.body());
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF token in the sign-in form: " + form.statusCode());
    }
    HttpResponse<String> signedIn =
        send(
            browser,
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of("username", username, "password", password, "_csrf", csrf.group(1))))
                .build());
    String afterLogin = expectRedirect(signedIn, "sign-in");
    String callback = expectRedirect(get(browser, absolute(afterLogin)), "authorize after sign-in");
    Map<String, String> answer = query(callback);
    if (!state.equals(answer.get("state")) || answer.get("code") == null) {
      throw new IllegalStateException("no code for this sign-in in " + callback);
    }
    HttpResponse<String> token = exchange(answer.get("code"), pkce.verifier(), REDIRECT);
    if (token.statusCode() != 200) {
      throw new IllegalStateException("token request failed: " + token.body());
    }
    JsonNode tokens = JSON.readTree(token.body());
    return new Tokens(
        tokens.path("access_token").asString(),
        tokens.path("refresh_token").asString(null),
        tokens.path("id_token").asString(null));
  }

  /** The authorization request an app sends the browser to, for this client. */
  public String authorizeUrl(Pkce pkce, String state, String redirect) {
    return base
        + "/oauth2/authorize?response_type=code&scope=openid&client_id="
        + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
        + "&state="
        + URLEncoder.encode(state, StandardCharsets.UTF_8)
        + "&redirect_uri="
        + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
        + "&code_challenge="
        + pkce.challenge()
        + "&code_challenge_method=S256";
  }

  /** The token request that trades a code and its verifier for tokens, answered as it came. */
  public HttpResponse<String> exchange(String code, String verifier, String redirect) {
    return send(
        HttpClient.newHttpClient(),
        HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            // as the apps send it: without it an unauthenticated request is sent to the sign-in
            // form
            .header("Accept", "application/json")
            .POST(
                form(
                    Map.of(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", redirect,
                        "client_id", clientId,
                        "code_verifier", verifier)))
            .build());
  }

  /** The query parameters of a URL (a redirect's code and state), decoded. */
  public static Map<String, String> query(String url) {
    Map<String, String> values = new LinkedHashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private String absolute(String location) {
    return location.startsWith("http") ? location : base + location;
  }

  private static HttpResponse<String> get(HttpClient browser, String url) {
    return send(
        browser,
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Accept", "text/html")
            .build());
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the sign-in", e);
    }
  }

  private static String expectRedirect(HttpResponse<String> response, String step) {
    String location = response.headers().firstValue("Location").orElse("");
    if (response.statusCode() != 302 || location.contains("error")) {
      throw new IllegalStateException(
          step + " answered " + response.statusCode() + " " + location + " " + response.body());
    }
    return location;
  }

  private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
  }
}
