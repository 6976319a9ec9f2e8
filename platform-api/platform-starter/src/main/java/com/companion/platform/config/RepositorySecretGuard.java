package com.companion.platform.config;

import com.companion.platform.auth.JwtProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * A service outside local use refuses to start with a secret that is written in this repository:
 * the local HS256 token secret, the local pseudonym key, or the local service credential. Such a
 * secret is public, so a platform running with it accepts forged tokens.
 *
 * <p>Local use means all of: {@code platform.mode} is {@code local} (the default), no Kubernetes
 * environment ({@code KUBERNETES_SERVICE_HOST}), and no {@code server.address} other than a
 * loopback one. The launcher's local mode binds every service to 127.0.0.1; the Helm chart sets
 * {@code PLATFORM_MODE=cluster}.
 */
public final class RepositorySecretGuard {

  /** The values the repository ships for local use; none may reach a deployment. */
  static final List<String> REPOSITORY_SECRETS =
      List.of(
          JwtProperties.LOCAL_DEVELOPMENT_SECRET,
          "local-pseudonym-key",
          "local-chat-service-secret");

  private RepositorySecretGuard() {}

  /** Throws when the environment is not local and uses a repository secret. */
  public static void check(Environment environment) {
    if (isLocal(environment)) {
      return;
    }
    List<String> offending = offending(environment);
    if (!offending.isEmpty()) {
      throw new IllegalStateException(
          "refusing to start outside local use with secrets written in the repository: "
              + String.join(", ", offending)
              + " (set your own, e.g. from a Kubernetes Secret)");
    }
  }

  static boolean isLocal(Environment environment) {
    if (!"local".equalsIgnoreCase(environment.getProperty("platform.mode", "local"))) {
      return false;
    }
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      return false;
    }
    String address = environment.getProperty("server.address");
    if (address == null || address.isBlank()) {
      return true;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static List<String> offending(Environment environment) {
    List<String> offending = new ArrayList<>();
    String algorithm = environment.getProperty("platform.jwt.algorithm", "HS256");
    String hmac =
        environment.getProperty("platform.jwt.hmac-secret", JwtProperties.LOCAL_DEVELOPMENT_SECRET);
    if (algorithm.toUpperCase().startsWith("HS") && REPOSITORY_SECRETS.contains(hmac)) {
      offending.add("platform.jwt.hmac-secret");
    }
    if (REPOSITORY_SECRETS.contains(
        environment.getProperty("platform.outbox.pseudonym-key", "local-pseudonym-key"))) {
      offending.add("platform.outbox.pseudonym-key");
    }
    for (String prefix :
        List.of(
            "gateway.service-credentials",
            "safety.service-credentials",
            "inference.service-credentials")) {
      Map<String, String> credentials =
          Binder.get(environment)
              .bind(prefix, Bindable.mapOf(String.class, String.class))
              .orElse(Map.of());
      credentials.forEach(
          (name, secret) -> {
            if (REPOSITORY_SECRETS.contains(secret)) {
              offending.add(prefix + "." + name);
            }
          });
    }
    return offending;
  }
}
