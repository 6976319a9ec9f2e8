package com.companion.identity.export;

import com.companion.identity.IdentityProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
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
      // one document, not a list: the user's reports, strikes and sanctions in their product
      Future<JsonNode> safety =
          reads.submit(() -> safetyFilter.get("/v1/me/safety-export", headers));
      OwnCharacters own = result(characters);
      return new Document(
          SCHEMA_VERSION,
          clock.instant(),
          identity,
          own.characters(),
          own.versions(),
          result(likes),
          result(personas),
          result(conversations),
          result(safety));
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
    List<CharacterVersions> versions = new ArrayList<>();
    for (JsonNode summary : all(characterService, "/v1/me/characters", headers)) {
      UUID id = idOf(characterService, summary);
      String path = "/v1/characters/" + id;
      characters.add(characterService.get(path, headers));
      List<JsonNode> cards = new ArrayList<>();
      for (JsonNode listed : all(characterService, path + "/versions", headers)) {
        cards.add(characterService.get(path + "/versions/" + versionOf(listed), headers));
      }
      versions.add(new CharacterVersions(id, cards));
    }
    return new OwnCharacters(characters, versions);
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

  /** A read's answer, or its own failure (a 503 problem naming the neighbour) rethrown. */
  private static <T> T result(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("export interrupted", e);
    }
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
   * /v1/me/safety-export} as it answers it.
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
