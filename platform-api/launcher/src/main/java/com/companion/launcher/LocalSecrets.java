package com.companion.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of a local platform: generated on the first run and kept in the data folder ({@code
 * secrets/<name>}, readable by its owner only), so the services, the tools and the benchmarks agree
 * across restarts; no secret for them is written in the repository.
 */
final class LocalSecrets {

  /** The caller whose credential the local inference node accepts. */
  static final String NODE_CALLER = "model-gateway";

  private LocalSecrets() {}

  /** The credential the model gateway presents to the local inference node. */
  static String nodeCredential(Path dataDir) {
    return secret(dataDir, "inference-node");
  }

  /**
   * The HS256 secret local tokens are signed and checked with: {@code PLATFORM_JWT_HMACSECRET} when
   * set, else this data folder's own, so a running local platform never accepts the development
   * secret written in the repository.
   */
  static String jwtSecret(Path dataDir) {
    String configured = System.getenv("PLATFORM_JWT_HMACSECRET");
    return configured != null && !configured.isBlank() ? configured : secret(dataDir, "jwt-hmac");
  }

  /** The secret called {@code name}, created if this data folder has none yet. */
  static String secret(Path dataDir, String name) {
    Path file = dataDir.resolve("secrets").resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.writeString(file, secret);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without POSIX permissions keeps its defaults
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
