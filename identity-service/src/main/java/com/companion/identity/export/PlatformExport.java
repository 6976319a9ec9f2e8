package com.companion.identity.export;

import com.companion.identity.IdentityProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/me/export}: this service's part ({@link AccountExport}) and the user's data held
 * by character-service, chat-service and safety-filter, in one document. Each neighbour's lists are
 * read to their last page; if any read fails the export fails as a whole (503), never partially.
 *
 * <p>API keys of the model API are not in it: model-gateway's keys belong to a product and are
 * issued by an admin ({@code created_by} records who), so no key is a user's own data to export.
 */
@Service
public class PlatformExport {

  /** Bumped when a member is renamed or removed; new members do not bump it. */
  static final int SCHEMA_VERSION = 1;

  /**
   * How many version cards are read at once. A prolific creator has hundreds of versions, so one
   * after another the export would take minutes; all at once it would be one user's burst of
   * hundreds of requests at character-service.
   */
  static final int VERSION_READS_AT_ONCE = 4;

  private final AccountExport accounts;
  private final Neighbour characterService;
  private final Neighbour chatService;
  private final Neighbour safetyFilter;
  private final Clock clock;

  public PlatformExport(AccountExport accounts, IdentityProperties properties, Clock clock) {
    IdentityProperties.Export settings = properties.export();
    this.accounts = accounts;
    this.characterService =
        new Neighbour(
            "character-service", settings.characterServiceUrl(), settings.requestTimeout());
    this.chatService =
        new Neighbour("chat-service", settings.chatServiceUrl(), settings.requestTimeout());
    this.safetyFilter =
        new Neighbour("safety-filter", settings.safetyFilterUrl(), settings.requestTimeout());
    this.clock = clock;
  }

  public Document of(UUID accountId, ForwardedHeaders headers) {
    AccountExport.Export identity = accounts.of(accountId);
    // the three neighbours are read at once; each one's own pages stay in order
    try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<OwnCharacters> characters = reads.submit(() -> characters(headers));
      Future<List<JsonNode>> likes =
          reads.submit(() -> all(characterService, "/v1/me/likes", headers));
      Future<List<JsonNode>> personas =
          reads.submit(() -> all(characterService, "/v1/personas", headers));
      Future<List<ConversationExport>> conversations = reads.submit(() -> conversations(headers));
      Future<JsonNode> safety = reads.submit(() -> safety(headers));
      OwnCharacters own = ConcurrentReads.result(characters);
      return new Document(
          SCHEMA_VERSION,
          clock.instant(),
          identity,
          own.characters(),
          own.versions(),
          ConcurrentReads.result(likes),
          ConcurrentReads.result(personas),
          ConcurrentReads.result(conversations),
          ConcurrentReads.result(safety));
    }
  }

  /** The user's characters whole, and with each one the cards of all its versions. */
  private record OwnCharacters(List<JsonNode> characters, List<CharacterVersions> versions) {}

  /**
   * The list has summaries; each character is exported whole, as its owner reads it, and so is each
   * of its versions (the owner's history list has only numbers and times).
   */
  private OwnCharacters characters(ForwardedHeaders headers) {
    List<JsonNode> characters = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    List<Integer> versionCounts = new ArrayList<>();
    List<Callable<JsonNode>> cardReads = new ArrayList<>();
    for (JsonNode summary : all(characterService, "/v1/me/characters", headers)) {
      UUID id = idOf(characterService, summary);
      String path = "/v1/characters/" + id;
      characters.add(characterService.get(path, headers));
      List<JsonNode> listed = all(characterService, path + "/versions", headers);
      for (JsonNode version : listed) {
        String versionPath = path + "/versions/" + versionOf(version);
        cardReads.add(() -> characterService.get(versionPath, headers));
      }
      ids.add(id);
      versionCounts.add(listed.size());
    }
    List<JsonNode> cards = ConcurrentReads.inOrder(cardReads, VERSION_READS_AT_ONCE);
    List<CharacterVersions> versions = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < ids.size(); i++) {
      int to = from + versionCounts.get(i);
      versions.add(new CharacterVersions(ids.get(i), List.copyOf(cards.subList(from, to))));
      from = to;
    }
    return new OwnCharacters(characters, versions);
  }

  /**
   * safety-filter's part is one document (the user's reports, strikes and sanctions in their
   * product) whose lists continue across pages.
   */
  private JsonNode safety(ForwardedHeaders headers) {
    String path = "/v1/me/safety-export";
    try {
      return CursorPaging.document(cursor -> safetyFilter.page(path, "cursor", cursor, headers));
    } catch (CursorPaging.MalformedPage e) {
      throw safetyFilter.unavailable("GET " + path + ": " + e.getMessage(), e);
    }
  }

  private List<ConversationExport> conversations(ForwardedHeaders headers) {
    List<ConversationExport> conversations = new ArrayList<>();
    for (JsonNode conversation : all(chatService, "/v1/conversations", headers)) {
      String path = "/v1/conversations/" + idOf(chatService, conversation);
      conversations.add(
          new ConversationExport(
              conversation,
              history(path + "/messages", headers),
              all(chatService, path + "/memories", headers)));
    }
    return conversations;
  }

  private static List<JsonNode> all(Neighbour neighbour, String path, ForwardedHeaders headers) {
    try {
      return CursorPaging.all(cursor -> neighbour.page(path, "cursor", cursor, headers));
    } catch (CursorPaging.MalformedPage e) {
      throw neighbour.unavailable("GET " + path + ": " + e.getMessage(), e);
    }
  }

  /** A conversation's history (its current branch), oldest first. */
  private List<JsonNode> history(String path, ForwardedHeaders headers) {
    try {
      return CursorPaging.allOldestFirst(
          before -> chatService.page(path, "before", before, headers));
    } catch (CursorPaging.MalformedPage e) {
      throw chatService.unavailable("GET " + path + ": " + e.getMessage(), e);
    }
  }

  /** An id goes into a path, so it must be the UUID the neighbour gives its records. */
  private static UUID idOf(Neighbour neighbour, JsonNode listed) {
    try {
      return UUID.fromString(listed.path("id").asString(""));
    } catch (IllegalArgumentException e) {
      throw neighbour.unavailable("a listed record without a valid id", e);
    }
  }

  /** A version number goes into a path, so it must be the positive number the list gives. */
  private int versionOf(JsonNode listed) {
    JsonNode version = listed.path("version");
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1) {
      throw characterService.unavailable("a listed version without a valid number", null);
    }
    return version.asInt();
  }

  /**
   * The export document. Characters, versions, likes, personas, conversations and messages are as
   * character-service and chat-service answer them in their own APIs ({@code GET
   * /v1/characters/{id}}, {@code GET /v1/characters/{id}/versions/{version}}, {@code GET
   * /v1/me/likes}, {@code GET /v1/personas}, {@code GET /v1/conversations} and {@code GET
   * /v1/conversations/{id}/messages}); {@code safety} is safety-filter's {@code GET
   * /v1/me/safety-export}, its pages joined into one document.
   */
  public record Document(
      int schemaVersion,
      Instant exportedAt,
      AccountExport.Export identity,
      List<JsonNode> characters,
      List<CharacterVersions> characterVersions,
      List<JsonNode> likes,
      List<JsonNode> personas,
      List<ConversationExport> conversations,
      JsonNode safety) {}

  /** Every version of one of the user's characters, oldest first, each card whole. */
  public record CharacterVersions(UUID characterId, List<JsonNode> versions) {}

  /** A conversation, its whole history (oldest message first) and its pinned memories. */
  public record ConversationExport(
      JsonNode conversation, List<JsonNode> messages, List<JsonNode> memories) {}
}
