package com.companion.character.character;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.CharacterLifecycle;
import com.companion.contracts.events.Topics;
import com.companion.contracts.outbox.Outbox;
import org.springframework.stereotype.Component;

/**
 * Appends {@code character.lifecycle} events to the outbox. Call inside the transaction of the
 * change: the event commits with it or not at all.
 */
@Component
public class LifecycleEvents {

  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String PUBLISHED = "published";
  public static final String UNPUBLISHED = "unpublished";
  public static final String REJECTED = "rejected";
  public static final String DELETED = "deleted";
  public static final String LIKED = "liked";
  public static final String UNLIKED = "unliked";

  private final Outbox outbox;

  public LifecycleEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** Records one change; the row is the state after it (before it, for a delete). */
  public void append(
      String action,
      CharacterRow row,
      int version,
      Visibility visibility,
      ReviewStatus reviewStatus,
      String name,
      PlatformPrincipal actor) {
    String id = row.id().toString();
    outbox.append(
        Topics.CHARACTER_LIFECYCLE,
        id,
        CharacterLifecycle.type(action),
        "characters/" + id,
        actor.product(),
        actor.userId(),
        new CharacterLifecycle(
            CharacterLifecycle.SCHEMA_VERSION,
            id,
            version,
            action,
            visibility.value(),
            reviewStatus.value(),
            name));
  }

  public void append(String action, CharacterRow row, PlatformPrincipal actor) {
    append(
        action, row, row.latestVersion(), row.visibility(), row.reviewStatus(), row.name(), actor);
  }
}
