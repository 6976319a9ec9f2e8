package com.companion.character.persona;

import com.companion.character.CharacterProperties;
import com.companion.character.avatar.AvatarImage;
import com.companion.character.card.CardJson;
import com.companion.character.card.CardProblems;
import com.companion.character.card.CardReader;
import com.companion.character.character.CharacterService;
import com.companion.character.persona.internal.PersonaRepository;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.problem.ProblemType;
import com.companion.platform.web.Page;
import com.companion.platform.web.PageCursor;
import com.companion.platform.web.PlatformProblem;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The user's own personas. Another user's persona is a 404, whatever its id. */
@Service
public class PersonaService {

  public static final ProblemType TOO_MANY_PERSONAS =
      ProblemType.custom("too-many-personas", "Persona limit reached");

  private final PersonaRepository personas;
  private final CharacterService characters;
  private final TransactionTemplate transactions;
  private final CharacterProperties properties;

  public PersonaService(
      PersonaRepository personas,
      CharacterService characters,
      TransactionTemplate transactions,
      CharacterProperties properties) {
    this.personas = personas;
    this.characters = characters;
    this.transactions = transactions;
    this.properties = properties;
  }

  /** The editable fields of a persona. */
  public record PersonaDraft(String name, String description) {}

  public PersonaDraft parse(byte[] body) {
    ObjectNode node = CardJson.parseObject(body);
    String name = string(node.get("name"), "name").strip();
    String description = string(node.get("description"), "description");
    if (name.isEmpty()) {
      throw CardProblems.invalidField("name", "is required");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw CardProblems.invalidField("name", "must not contain line breaks or control characters");
    }
    if (name.codePointCount(0, name.length()) > properties.limits().maxNameChars()) {
      throw CardProblems.tooLong("name", properties.limits().maxNameChars(), "characters");
    }
    if (description.indexOf('\0') >= 0) {
      throw CardProblems.invalidField("description", "must not contain U+0000");
    }
    if (description.codePointCount(0, description.length()) > properties.limits().maxTextChars()) {
      throw CardProblems.tooLong("description", properties.limits().maxTextChars(), "characters");
    }
    return new PersonaDraft(name, description);
  }

  private static String string(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isString()) {
      throw CardProblems.invalidField(field, "must be a string");
    }
    CardReader.checkUnicode(node.stringValue(), field);
    return node.stringValue();
  }

  public PersonaView create(PlatformPrincipal principal, PersonaDraft draft) {
    UUID id = UUID.randomUUID();
    return transactions.execute(
        status -> {
          personas.lockOwner(principal.userId(), principal.product());
          if (personas.count(principal.userId(), principal.product())
              >= properties.maxPersonasPerUser()) {
            throw PlatformProblem.of(
                    HttpStatus.CONFLICT,
                    TOO_MANY_PERSONAS,
                    "a user keeps at most " + properties.maxPersonasPerUser() + " personas")
                .with("limit", properties.maxPersonasPerUser());
          }
          personas.insert(
              id,
              principal.userId(),
              principal.product(),
              draft.name(),
              draft.description(),
              now());
          return personas.find(id, principal.userId(), principal.product()).orElseThrow();
        });
  }

  public PersonaView get(PlatformPrincipal principal, UUID id) {
    return personas
        .find(id, principal.userId(), principal.product())
        .orElseThrow(PersonaService::notFound);
  }

  public PersonaView update(PlatformPrincipal principal, UUID id, PersonaDraft draft) {
    if (!personas.update(
        id, principal.userId(), principal.product(), draft.name(), draft.description(), now())) {
      throw notFound();
    }
    return get(principal, id);
  }

  public void delete(PlatformPrincipal principal, UUID id) {
    if (!personas.delete(id, principal.userId(), principal.product())) {
      throw notFound();
    }
  }

  public PersonaView setAvatar(PlatformPrincipal principal, UUID id, AvatarImage image) {
    if (!personas.saveAvatar(id, principal.userId(), principal.product(), image, now())) {
      throw notFound();
    }
    return get(principal, id);
  }

  public AvatarImage avatar(PlatformPrincipal principal, UUID id) {
    return personas
        .findAvatar(id, principal.userId(), principal.product())
        .orElseThrow(PersonaService::notFound);
  }

  public Page<PersonaView> list(PlatformPrincipal principal, String cursor, int limit) {
    PageCursor after = PageCursor.decode(cursor, "personas", 2);
    return Page.read(
        limit,
        n ->
            personas.list(
                principal.userId(),
                principal.product(),
                after == null ? null : after.instant(0),
                after == null ? null : after.uuid(1),
                n),
        row -> PageCursor.of("personas", row.createdAt(), row.id()),
        Function.identity());
  }

  private Instant now() {
    return characters.now();
  }

  private static PlatformProblem notFound() {
    return PlatformProblem.notFound("no such persona");
  }
}
