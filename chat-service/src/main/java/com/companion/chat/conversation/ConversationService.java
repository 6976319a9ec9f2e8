package com.companion.chat.conversation;

import com.companion.chat.Caller;
import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.catalog.Persona;
import com.companion.chat.conversation.Conversation.Participant;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.prompt.Macros;
import com.companion.chat.web.Notice;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.events.ChatEvents;
import com.companion.contracts.events.Topics;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Starting, listing, reading, renaming, deleting, rewinding and forking conversations. */
public final class ConversationService {

  static final int MAX_GROUP = 8;
  static final int MAX_TITLE = 200;

  private final ConversationStore store;
  private final CharacterCatalog catalog;
  private final HistoryCache history;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final ChatProperties properties;
  private final Clock clock;

  public ConversationService(
      ConversationStore store,
      CharacterCatalog catalog,
      HistoryCache history,
      TransactionTemplate transactions,
      Outbox outbox,
      ChatProperties properties,
      Clock clock) {
    this.store = store;
    this.catalog = catalog;
    this.history = history;
    this.transactions = transactions;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
  }

  /** What a start request asks for. */
  public record StartRequest(String characterId, List<String> characterIds, String personaId) {}

  public Mono<StartedConversation> start(StartRequest request, Caller caller) {
    List<String> ids = characterIds(request);
    PlatformPrincipal user = caller.principal();
    Mono<List<CharacterCard>> cards =
        Flux.fromIterable(ids)
            .concatMap(
                id ->
                    catalog
                        .latest(id, caller)
                        .switchIfEmpty(
                            Mono.error(
                                () ->
                                    PlatformProblem.notFound("character " + id + " was not found")
                                        .with("field", "character_id"))))
            .collectList();
    Mono<Persona> persona =
        request.personaId() == null || request.personaId().isBlank()
            ? Mono.just(NO_PERSONA)
            : catalog
                .persona(request.personaId(), caller)
                .switchIfEmpty(
                    Mono.error(
                        () ->
                            PlatformProblem.notFound(
                                    "persona " + request.personaId() + " was not found")
                                .with("field", "persona_id")));
    return Mono.zip(cards, persona)
        .flatMap(
            both ->
                Blocking.call(
                    () ->
                        create(
                            user, both.getT1(), both.getT2() == NO_PERSONA ? null : both.getT2())))
        // the trending signal goes out after the answer is ready and never delays it
        .doOnSuccess(started -> ids.forEach(id -> catalog.chatStarted(id, caller).subscribe()));
  }

  private static final Persona NO_PERSONA = new Persona("", "", "");

  private StartedConversation create(
      PlatformPrincipal user, List<CharacterCard> cards, Persona persona) {
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    boolean group = cards.size() > 1;
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < cards.size(); i++) {
      CharacterCard card = cards.get(i);
      participants.add(
          new Participant(card.id(), card.version(), card.name(), card.talkativeness(), i));
    }
    String userName = userName(persona);
    CharacterCard first = cards.getFirst();
    List<String> greetings = new ArrayList<>();
    if (group && !first.groupOnlyGreetings().isEmpty()) {
      greetings.addAll(first.groupOnlyGreetings());
    } else {
      if (first.firstMes() != null && !first.firstMes().isBlank()) {
        greetings.add(first.firstMes());
      }
      greetings.addAll(first.alternateGreetings());
    }
    greetings.removeIf(text -> text == null || text.isBlank());
    List<Message> greetingMessages = new ArrayList<>();
    for (int i = 0; i < greetings.size(); i++) {
      greetingMessages.add(
          new Message(
              UUID.randomUUID(),
              id,
              null,
              0,
              Message.ASSISTANT,
              first.id(),
              Macros.fill(greetings.get(i), first.name(), userName),
              "greeting",
              null,
              null,
              null,
              null,
              null,
              // distinct times keep the swipes in the card's order
              now.plusNanos(i * 1000L),
              i,
              greetings.size(),
              null));
    }
    String title = String.join(", ", cards.stream().map(CharacterCard::name).toList());
    Conversation conversation =
        new Conversation(
            id,
            user.userId(),
            user.product(),
            title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title,
            group,
            persona,
            greetingMessages.isEmpty() ? null : greetingMessages.getFirst().id(),
            null,
            null,
            0,
            participants,
            0,
            now,
            now);
    transactions.executeWithoutResult(
        status -> {
          store.insert(conversation);
          greetingMessages.forEach(store::insertMessage);
        });
    List<Notice> notices = new ArrayList<>();
    if (user.isMinor()) {
      notices.add(
          new Notice(
              Notice.AI_DISCLOSURE, Macros.fill(properties.minors().aiNotice(), title, userName)));
    }
    Message greeting = greetingMessages.isEmpty() ? null : greetingMessages.getFirst();
    return new StartedConversation(
        ConversationView.of(conversation, greeting),
        greeting == null ? null : MessageView.of(greeting),
        notices);
  }

  String userName(Persona persona) {
    return persona != null && persona.name() != null && !persona.name().isBlank()
        ? persona.name()
        : properties.prompt().defaultUserName();
  }

  private static List<String> characterIds(StartRequest request) {
    boolean single = request.characterId() != null && !request.characterId().isBlank();
    boolean many = request.characterIds() != null && !request.characterIds().isEmpty();
    if (single == many) {
      throw PlatformProblem.badRequest("give either character_id or character_ids")
          .with("field", "character_id");
    }
    if (single) {
      return List.of(request.characterId().trim());
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : request.characterIds()) {
      if (id == null || id.isBlank()) {
        throw PlatformProblem.badRequest("character_ids must not contain blanks")
            .with("field", "character_ids");
      }
      ids.add(id.trim());
    }
    if (ids.size() > MAX_GROUP) {
      throw PlatformProblem.badRequest("a group has at most " + MAX_GROUP + " characters")
          .with("field", "character_ids");
    }
    return List.copyOf(ids);
  }

  /**
   * The caller's conversation in the caller's product, or 404: someone else's, or the same
   * account's in another product, answers exactly as an unknown id.
   */
  Mono<Conversation> owned(UUID id, PlatformPrincipal user) {
    return Blocking.call(() -> store.find(id, user.userId(), user.product()))
        .flatMap(Mono::justOrEmpty)
        .switchIfEmpty(
            // a supplier: an exception built for every call would fill in its stack trace for
            // nothing
            Mono.error(() -> PlatformProblem.notFound("conversation " + id + " was not found")));
  }

  public Mono<Page<ConversationView>> list(PlatformPrincipal user, String cursor, Integer limit) {
    int size = limit(limit, 20);
    PageCursor after = PageCursor.decode(cursor, "conversations", 2);
    Instant afterTime = after == null ? null : after.instant(0);
    UUID afterId = after == null ? null : after.uuid(1);
    return Blocking.call(
        () ->
            Page.read(
                size,
                n -> store.list(user.userId(), user.product(), afterTime, afterId, n),
                c -> PageCursor.of("conversations", c.updatedAt(), c.id()),
                c ->
                    ConversationView.of(
                        c,
                        c.headMessageId() == null
                            ? null
                            : store.message(c.id(), c.headMessageId()).orElse(null))));
  }

  public Mono<ConversationDetail> get(UUID id, PlatformPrincipal user, Integer limit) {
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      Page<MessageView> page = page(c.headMessageId(), limit);
                      Message last =
                          c.headMessageId() == null
                              ? null
                              : store.message(c.id(), c.headMessageId()).orElse(null);
                      return new ConversationDetail(ConversationView.of(c, last), page);
                    }));
  }

  /** Messages of the current path before {@code before} (or the newest), newest last. */
  public Mono<Page<MessageView>> messages(
      UUID id, PlatformPrincipal user, UUID before, Integer limit) {
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      if (before == null) {
                        return page(c.headMessageId(), limit);
                      }
                      Message anchor =
                          store
                              .message(c.id(), before)
                              .orElseThrow(
                                  () ->
                                      PlatformProblem.badRequest("unknown message in before")
                                          .with("field", "before"));
                      return page(anchor.parentId(), limit);
                    }));
  }

  private Page<MessageView> page(UUID lastId, Integer limit) {
    int size = limit(limit, properties.historyPageLimit());
    List<Message> path = store.path(lastId, size + 1);
    boolean more = path.size() > size;
    List<Message> items = more ? path.subList(1, path.size()) : path;
    return new Page<>(
        items.stream().map(MessageView::of).toList(),
        more ? items.getFirst().id().toString() : null);
  }

  private int limit(Integer requested, int fallback) {
    int max = properties.historyPageLimit();
    if (requested == null) {
      return Math.min(fallback, max);
    }
    if (requested < 1 || requested > max) {
      throw PlatformProblem.badRequest("limit must be between 1 and " + max).with("field", "limit");
    }
    return requested;
  }

  public Mono<ConversationView> rename(UUID id, PlatformPrincipal user, String title) {
    if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
      throw PlatformProblem.badRequest("title must be 1 to " + MAX_TITLE + " characters")
          .with("field", "title");
    }
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      store.rename(id, user.userId(), user.product(), title.strip());
                      Conversation renamed =
                          store.find(id, user.userId(), user.product()).orElseThrow();
                      Message last =
                          renamed.headMessageId() == null
                              ? null
                              : store.message(id, renamed.headMessageId()).orElse(null);
                      return ConversationView.of(renamed, last);
                    }));
  }

  /** Deletes the conversation and every message, pinned memory and rating with it. */
  public Mono<Void> delete(UUID id, PlatformPrincipal user) {
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.run(
                        () ->
                            transactions.executeWithoutResult(
                                status -> {
                                  int messages = store.countMessages(id);
                                  if (store.delete(id, user.userId(), user.product())) {
                                    outbox.append(
                                        Topics.CHAT_TURN,
                                        id.toString(),
                                        ChatEvents.CONVERSATION_DELETED,
                                        "conversations/" + id,
                                        user.product(),
                                        user.userId(),
                                        new ChatEvents.ConversationDeleted(
                                            ChatEvents.SCHEMA_VERSION, id.toString(), messages));
                                  }
                                }))
                    .then(history.invalidate(id)));
  }

  /** Goes back to a message: everything after it is deleted. */
  public Mono<Page<MessageView>> rewind(UUID id, PlatformPrincipal user, UUID messageId) {
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                        () -> {
                          Message target = requireMessage(c, messageId);
                          transactions.executeWithoutResult(
                              status -> {
                                store.deleteDescendants(target.id());
                                store.setHead(c.id(), target.id(), clock.instant());
                              });
                          return page(target.id(), null);
                        })
                    .flatMap(page -> history.invalidate(id).thenReturn(page)));
  }

  /** A new conversation holding a copy of this one's path up to a message. */
  public Mono<ConversationView> fork(UUID id, PlatformPrincipal user, UUID messageId) {
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                    () -> {
                      Message target = requireMessage(c, messageId);
                      List<Message> path = store.path(target.id(), Integer.MAX_VALUE);
                      Instant now = clock.instant();
                      UUID forkId = UUID.randomUUID();
                      List<Message> copies = new ArrayList<>();
                      UUID parent = null;
                      for (Message m : path) {
                        UUID copyId = UUID.randomUUID();
                        copies.add(
                            new Message(
                                copyId,
                                forkId,
                                parent,
                                m.depth(),
                                m.role(),
                                m.speakerId(),
                                m.content(),
                                m.finishReason(),
                                m.safetyOutcome(),
                                m.model(),
                                m.promptTokens(),
                                m.completionTokens(),
                                m.ttftMs(),
                                m.createdAt(),
                                0,
                                1,
                                null));
                        parent = copyId;
                      }
                      String title = c.title() + " (fork)";
                      Conversation fork =
                          new Conversation(
                              forkId,
                              c.userId(),
                              c.product(),
                              title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title,
                              c.group(),
                              c.persona(),
                              parent,
                              null,
                              null,
                              0,
                              c.participants(),
                              // a fork starts without the original's pinned memories
                              0,
                              now,
                              now);
                      transactions.executeWithoutResult(
                          status -> {
                            store.insert(fork);
                            copies.forEach(store::insertMessage);
                          });
                      return ConversationView.of(fork, copies.isEmpty() ? null : copies.getLast());
                    }));
  }

  /**
   * Picks which swipe (or which version of an edited message) the story continues from. The path
   * continues with the newest messages that were written below that alternative, if any.
   */
  public Mono<MessageView> select(UUID id, PlatformPrincipal user, UUID messageId, Integer n) {
    if (n == null || n < 0) {
      throw PlatformProblem.badRequest("alternative must be 0 or more")
          .with("field", "alternative");
    }
    return owned(id, user)
        .flatMap(
            c ->
                Blocking.call(
                        () -> {
                          Message target = requireMessage(c, messageId);
                          List<Message> siblings =
                              store.siblings(c.id(), target.parentId(), target.role());
                          if (n >= siblings.size()) {
                            throw PlatformProblem.badRequest(
                                    "there are only " + siblings.size() + " alternatives")
                                .with("field", "alternative");
                          }
                          Message chosen = siblings.get(n);
                          UUID head = store.latestLeaf(chosen.id());
                          store.setHead(c.id(), head, clock.instant());
                          return MessageView.of(store.message(c.id(), chosen.id()).orElseThrow());
                        })
                    .flatMap(view -> history.invalidate(id).thenReturn(view)));
  }

  Message requireMessage(Conversation c, UUID messageId) {
    if (messageId == null) {
      throw PlatformProblem.badRequest("message_id is required").with("field", "message_id");
    }
    return store
        .message(c.id(), messageId)
        .orElseThrow(() -> PlatformProblem.notFound("message " + messageId + " was not found"));
  }
}
