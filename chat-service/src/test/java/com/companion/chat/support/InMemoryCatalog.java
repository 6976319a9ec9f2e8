package com.companion.chat.support;

import com.companion.chat.Caller;
import com.companion.chat.catalog.CharacterCard;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.catalog.Lorebook;
import com.companion.chat.catalog.Persona;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Characters and personas a test puts in place of character-service. */
public final class InMemoryCatalog implements CharacterCatalog {

  private final Map<String, CharacterCard> latest = new ConcurrentHashMap<>();
  private final Map<String, CharacterCard> versions = new ConcurrentHashMap<>();
  private final Map<String, Persona> personas = new ConcurrentHashMap<>();
  private final Map<String, String> personaOwners = new ConcurrentHashMap<>();
  public final AtomicInteger versionReads = new AtomicInteger();
  public final List<String> chatStarts = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public Mono<Void> chatStarted(String characterId, Caller caller) {
    chatStarts.add(characterId);
    return Mono.empty();
  }

  public CharacterCard add(CharacterCard card) {
    latest.put(card.id(), card);
    versions.put(card.id() + ":" + card.version(), card);
    return card;
  }

  public CharacterCard character(String name, String firstMes, List<String> alternates) {
    return add(card(UUID.randomUUID().toString(), 1, name, firstMes, alternates, 0.5, null));
  }

  public static CharacterCard card(
      String id,
      int version,
      String name,
      String firstMes,
      List<String> alternates,
      double talkativeness,
      Lorebook book) {
    return new CharacterCard(
        id,
        version,
        "creator-1",
        name,
        name + " is a wandering bard from the north.",
        "cheerful, curious",
        "A tavern at dusk.",
        firstMes,
        "<START>\n{{user}}: Hello\n{{char}}: Well met!",
        null,
        null,
        alternates,
        List.of(),
        talkativeness,
        book);
  }

  public Persona persona(String ownerId, String name, String description) {
    Persona persona = new Persona(UUID.randomUUID().toString(), name, description);
    personas.put(persona.id(), persona);
    personaOwners.put(persona.id(), ownerId);
    return persona;
  }

  @Override
  public Mono<CharacterCard> latest(String characterId, Caller caller) {
    return Mono.justOrEmpty(latest.get(characterId));
  }

  @Override
  public Mono<CharacterCard> version(String characterId, int version, Caller caller) {
    versionReads.incrementAndGet();
    return Mono.justOrEmpty(versions.get(characterId + ":" + version));
  }

  @Override
  public Mono<Persona> persona(String personaId, Caller caller) {
    Persona persona = personas.get(personaId);
    if (persona == null || !personaOwners.get(personaId).equals(caller.principal().userId())) {
      return Mono.empty();
    }
    return Mono.just(persona);
  }
}
