package com.companion.safety.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Platform services calling this one: {@code X-Service-Key: <service>:<secret>}, checked against
 * {@code safety.service-credentials.<service>}. Nothing is configured by default, so internal paths
 * refuse everybody until a deployment (or the local launcher, with secrets it generates) sets them.
 */
@Component
public class ServiceCredentials {

  public static final String HEADER = "X-Service-Key";

  private final Map<String, byte[]> secrets = new HashMap<>();

  public ServiceCredentials(Environment environment) {
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

  /** The calling service's name when the header holds a valid credential, else null. */
  public String verify(String header) {
    if (header == null) {
      return null;
    }
    int colon = header.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String name = header.substring(0, colon);
    byte[] expected = secrets.get(name);
    byte[] given = header.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    // constant time: the secret must not leak through response timing
    return expected != null && MessageDigest.isEqual(expected, given) ? name : null;
  }
}
