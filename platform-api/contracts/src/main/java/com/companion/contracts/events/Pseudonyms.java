package com.companion.contracts.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous user ids for analytics: a keyed hash, stable per user so funnels work, but not
 * reversible without the key, which stays out of the analytics systems.
 */
public final class Pseudonyms {

  // one keyed Mac per thread: looking the algorithm up and setting the key cost more than the
  // hash itself, and doFinal leaves the Mac ready for the next id
  private final ThreadLocal<Mac> macs;

  public Pseudonyms(String secret) {
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  public String of(String userId) {
    if (userId == null) {
      return null;
    }
    byte[] digest = macs.get().doFinal(userId.getBytes(StandardCharsets.UTF_8));
    return "u_" + HexFormat.of().formatHex(digest, 0, 16);
  }
}
