package com.companion.character.character;

import com.companion.character.card.BookEntry;
import com.companion.character.card.CharacterBook;
import com.companion.character.card.CharacterCard;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A character version as the API answers it. chat-service relies on this exact shape for {@code GET
 * /v1/characters/{id}} and {@code /versions/{version}}.
 */
public record CharacterView(
    UUID id,
    int version,
    String ownerId,
    String visibility,
    String reviewStatus,
    String contentRating,
    String name,
    String nickname,
    String description,
    String personality,
    String scenario,
    String firstMes,
    String mesExample,
    String creatorNotes,
    String systemPrompt,
    String postHistoryInstructions,
    List<String> alternateGreetings,
    List<String> groupOnlyGreetings,
    List<String> tags,
    String creator,
    String characterVersion,
    ObjectNode extensions,
    BookView characterBook,
    String avatarUrl,
    long likeCount,
    Instant createdAt,
    Instant updatedAt) {

  public record BookView(
      String name,
      String description,
      Integer scanDepth,
      Integer tokenBudget,
      Boolean recursiveScanning,
      ObjectNode extensions,
      List<EntryView> entries) {}

  public record EntryView(
      List<String> keys,
      List<String> secondaryKeys,
      String content,
      boolean selective,
      boolean constant,
      int insertionOrder,
      Integer priority,
      String position,
      boolean caseSensitive,
      boolean useRegex,
      boolean enabled,
      String comment,
      JsonNode id,
      ObjectNode extensions) {}

  public static CharacterView of(
      CharacterRow row, int version, CharacterCard card, Instant versionCreatedAt) {
    return new CharacterView(
        row.id(),
        version,
        row.ownerId(),
        row.visibility().value(),
        row.reviewStatus().value(),
        row.contentRating().value(),
        card.name(),
        card.nickname(),
        card.description(),
        card.personality(),
        card.scenario(),
        card.firstMes(),
        card.mesExample(),
        card.creatorNotes(),
        card.systemPrompt(),
        card.postHistoryInstructions(),
        card.alternateGreetings(),
        card.groupOnlyGreetings(),
        card.tags(),
        card.creator(),
        card.characterVersion(),
        card.extensions(),
        book(card.characterBook()),
        row.avatarUrl(),
        row.likeCount(),
        row.createdAt(),
        version == row.latestVersion() ? row.updatedAt() : versionCreatedAt);
  }

  private static BookView book(CharacterBook book) {
    if (book == null) {
      return null;
    }
    return new BookView(
        book.name(),
        book.description(),
        book.scanDepth(),
        book.tokenBudget(),
        book.recursiveScanning(),
        book.extensions(),
        book.entries().stream().map(CharacterView::entry).toList());
  }

  private static EntryView entry(BookEntry entry) {
    return new EntryView(
        entry.keys(),
        entry.secondaryKeys(),
        entry.content(),
        entry.selective(),
        entry.constant(),
        entry.insertionOrder(),
        entry.priority(),
        entry.position(),
        entry.caseSensitive(),
        entry.useRegex(),
        entry.enabled(),
        entry.comment(),
        entry.id(),
        entry.extensions());
  }
}
