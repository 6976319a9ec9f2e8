package com.companion.testkit;

import java.io.IOException;
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

  /** The tokens of a finished sign-in. */
  public record Tokens(String accessToken, String refreshToken) {}

  public Tokens signIn(String username, String password) throws IOException, InterruptedException {
    HttpClient browser =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
    String verifier = randomVerifier();
    String state = UUID.randomUUID().toString();
    HttpResponse<String> toLogin =
        get(
            browser,
            base
                + "/oauth2/authorize?response_type=code&scope=openid&client_id="
                + clientId
                + "&state="
                + state
                + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
                + "&code_challenge="
                + challenge(verifier)
                + "&code_challenge_method=S256");
    expectRedirect(toLogin, "authorize");
    HttpResponse<String> form = get(browser, base + "/login");
    Matcher csrf = CSRF.matcher(form.body());
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF token in the sign-in form: " + form.statusCode());
    }
    HttpResponse<String> signedIn =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    form(
                        Map.of("username", username, "password", password, "_csrf", csrf.group(1))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String afterLogin = expectRedirect(signedIn, "sign-in");
    String callback = expectRedirect(get(browser, absolute(afterLogin)), "authorize after sign-in");
    Map<String, String> answer = query(callback);
    if (!state.equals(answer.get("state")) || answer.get("code") == null) {
      throw new IllegalStateException("no code for this sign-in in " + callback);
    }
    HttpResponse<String> token =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        form(
                            Map.of(
                                "grant_type", "authorization_code",
                                "code", answer.get("code"),
                                "redirect_uri", REDIRECT,
                                "client_id", clientId,
                                "code_verifier", verifier)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (token.statusCode() != 200) {
      throw new IllegalStateException("token request failed: " + token.body());
    }
    JsonNode tokens = JSON.readTree(token.body());
    return new Tokens(
        tokens.path("access_token").asString(), tokens.path("refresh_token").asString(null));
  }

  private String absolute(String location) {
    return location.startsWith("http") ? location : base + location;
  }

  private static HttpResponse<String> get(HttpClient browser, String url)
      throws IOException, InterruptedException {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Accept", "text/html")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String expectRedirect(HttpResponse<String> response, String step) {
    String location = response.headers().firstValue("Location").orElse("");
    if (response.statusCode() != 302 || location.contains("error")) {
      throw new IllegalStateException(
          step + " answered " + response.statusCode() + " " + location + " " + response.body());
    }
    return location;
  }

  private static String randomVerifier() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  private static Map<String, String> query(String url) {
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
}
