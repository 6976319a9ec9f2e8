package com.companion.identity.keys;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the key schedule on every replica; the table's advisory lock keeps them from racing. */
@Component
class KeyMaintenance {

  private final SigningKeys keys;

  KeyMaintenance(SigningKeys keys) {
    this.keys = keys;
  }

  @Scheduled(
      fixedDelayString = "${identity.keys.reload-interval:1m}",
      initialDelayString = "${identity.keys.reload-interval:1m}")
  void maintain() {
    keys.maintain();
  }
}
