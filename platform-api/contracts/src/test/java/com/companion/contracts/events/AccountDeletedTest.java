package com.companion.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading identity-service's {@code account.lifecycle} messages as the consuming services do. */
class AccountDeletedTest {

  private static String event(String type, String data) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/identity-service", "type": "%s",
         "time": "2026-11-30T12:00:00Z", "subject": "accounts/a-1", "product": "glow",
         "data": %s}
        """
        .formatted(UUID.nameUUIDFromBytes(type.getBytes()), type, data);
  }

  @Test
  void readsTheDeletedAccountAndHashesItsId() {
    AccountDeleted deleted =
        AccountDeleted.read(
                event(
                    "account.deleted",
                    "{\"schema_version\": 1, \"user_id\": \"a-1\", \"pseudonym\": \"u_x\"}"))
            .orElseThrow();

    assertThat(deleted.product()).isEqualTo("glow");
    assertThat(deleted.userId()).isEqualTo("a-1");
    assertThat(deleted.pseudonym()).isEqualTo("u_x");
    assertThat(deleted.userHash())
        .hasSize(64)
        .isEqualTo(AccountDeleted.hash("a-1"))
        .doesNotContain("a-1");
  }

  @Test
  void theTombstoneNamesThePseudonymOrNothing() {
    AccountDeleted withPseudonym = new AccountDeleted(UUID.randomUUID(), "glow", "a-1", "u_x");
    AccountDeleted without = new AccountDeleted(UUID.randomUUID(), "glow", "a-1", null);

    assertThat(withPseudonym.tombstone()).isEqualTo("deleted-user:u_x");
    assertThat(without.tombstone()).isEqualTo("deleted-user:");
    assertThat(AccountDeleted.tombstone("u_x")).isEqualTo(withPseudonym.tombstone());
  }

  @Test
  void otherAccountEventsAreNotDeletions() {
    assertThat(AccountDeleted.read(event("account.created", "{\"schema_version\": 1}"))).isEmpty();
  }

  @Test
  void aDeletionWithoutItsUserOrUnreadableIsRefused() {
    assertThatThrownBy(() -> AccountDeleted.read(event("account.deleted", "{}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccountDeleted.read("{not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
