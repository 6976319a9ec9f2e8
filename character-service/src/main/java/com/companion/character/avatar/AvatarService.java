package com.companion.character.avatar;

import com.companion.character.avatar.internal.AvatarRepository;
import com.companion.character.character.CharacterAccess;
import com.companion.character.character.CharacterRow;
import com.companion.character.character.CharacterService;
import com.companion.character.character.Characters;
import com.companion.character.character.LifecycleEvents;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Character avatars. The avatar belongs to the character, not to a version: pinned conversations
 * keep their card text but show the current picture.
 */
@Service
public class AvatarService {

  private final Characters characters;
  private final AvatarRepository avatars;
  private final CharacterService characterService;
  private final LifecycleEvents events;
  private final TransactionTemplate transactions;

  public AvatarService(
      Characters characters,
      AvatarRepository avatars,
      CharacterService characterService,
      LifecycleEvents events,
      TransactionTemplate transactions) {
    this.characters = characters;
    this.avatars = avatars;
    this.characterService = characterService;
    this.events = events;
    this.transactions = transactions;
  }

  public record AvatarRef(UUID characterId, String avatarUrl) {}

  public AvatarRef replace(PlatformPrincipal principal, UUID id, AvatarImage image) {
    return transactions.execute(
        status -> {
          CharacterAccess.requireOwner(
              characters.lock(id).orElseThrow(CharacterAccess::notFound), principal);
          Instant now = characterService.now();
          avatars.save(id, image, now);
          characters.touch(id, now);
          CharacterRow after = characters.find(id).orElseThrow();
          events.append(LifecycleEvents.UPDATED, after, principal);
          return new AvatarRef(id, after.avatarUrl());
        });
  }

  public void remove(PlatformPrincipal principal, UUID id) {
    transactions.executeWithoutResult(
        status -> {
          CharacterAccess.requireOwner(
              characters.lock(id).orElseThrow(CharacterAccess::notFound), principal);
          if (avatars.delete(id)) {
            characters.touch(id, characterService.now());
            events.append(LifecycleEvents.UPDATED, characters.find(id).orElseThrow(), principal);
          }
        });
  }

  /**
   * Stores the avatar of a character being created, in its creator's transaction (see {@link
   * CharacterService.OnCreate}); no access check, the caller has just created the character.
   */
  public void attach(UUID id, AvatarImage image, Instant now) {
    avatars.save(id, image, now);
  }

  public AvatarImage get(PlatformPrincipal principal, UUID id) {
    characterService.readable(principal, id);
    return avatars.find(id).orElseThrow(() -> PlatformProblem.notFound("no avatar"));
  }

  /** The stored avatar without access checks, for exports the caller was already allowed. */
  public java.util.Optional<AvatarImage> find(UUID id) {
    return avatars.find(id);
  }
}
