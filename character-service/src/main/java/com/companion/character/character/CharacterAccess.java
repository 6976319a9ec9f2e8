package com.companion.character.character;

import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.platform.web.PlatformProblem;

/**
 * Who may see and change a character.
 *
 * <ul>
 *   <li>Nobody outside the character's product: a product is a tenant, even for the same account.
 *   <li>The owner: everything.
 *   <li>Anyone with the id: unlisted characters, and public ones unless a moderator rejected them
 *       (a public character waiting for review is reachable by id like an unlisted one, but not
 *       listed in discovery).
 *   <li>Moderators and admins additionally: public ones in any review state, to review them.
 *   <li>Minors only what discovery would show them: public, approved and not rated {@code mature}
 *       (no unlisted or pending characters, which no moderator has looked at).
 * </ul>
 *
 * Everybody else gets 404, never 403, so private ids do not leak.
 */
public final class CharacterAccess {

  private CharacterAccess() {}

  public static boolean canRead(CharacterRow row, PlatformPrincipal principal) {
    if (!row.belongsTo(principal)) {
      return false;
    }
    if (row.isOwnedBy(principal)) {
      return true;
    }
    if (principal.isMinor()) {
      return row.isDiscoverable() && row.contentRating() == ContentRating.GENERAL;
    }
    return switch (row.visibility()) {
      case PRIVATE -> false;
      case UNLISTED -> true;
      case PUBLIC ->
          row.reviewStatus() != ReviewStatus.REJECTED
              || principal.hasRole(Role.MODERATOR)
              || principal.hasRole(Role.ADMIN);
    };
  }

  public static CharacterRow requireReadable(CharacterRow row, PlatformPrincipal principal) {
    if (!canRead(row, principal)) {
      throw notFound();
    }
    return row;
  }

  /** Owner only: 404 for those who cannot even see it, 403 for those who can. */
  public static CharacterRow requireOwner(CharacterRow row, PlatformPrincipal principal) {
    if (row.isOwnedBy(principal)) {
      return row;
    }
    if (canRead(row, principal)) {
      throw PlatformProblem.forbidden("only the owner can do this");
    }
    throw notFound();
  }

  public static PlatformProblem notFound() {
    return PlatformProblem.notFound("no such character");
  }
}
