package com.companion.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credential the model gateway presents to the local inference node. Generated on the first run
 * and kept in the data folder ({@code secrets/inference-node}, readable by its owner only), so the
 * node, the gateway and the benchmarks that call the node directly agree across restarts; no secret
 * for it is written in the repository.
 */
final class NodeCredential {

  static final String CALLER = "model-gateway";

  private NodeCredential() {}

  /** The secret, created if this data folder has none yet. */
  static String secret(Path dataDir) {
    return secret(dataDir, "inference-node");
  }

  /**
   * A service's local secret for its callers ({@code secrets/<service>}), created on first use the
   * same way.
   */
  static String secret(Path dataDir, String service) {
    Path file = dataDir.resolve("secrets").resolve(service);
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
