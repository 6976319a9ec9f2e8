package com.companion.character.persona;

import com.companion.character.CharacterProperties;
import com.companion.character.avatar.AvatarController;
import com.companion.character.avatar.AvatarImage;
import com.companion.character.character.CharacterService;
import com.companion.character.web.Bodies;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/personas}: the caller's own personas. */
@RestController
public class PersonaController {

  private final PersonaService service;
  private final CharacterService characters;
  private final CharacterProperties properties;

  public PersonaController(
      PersonaService service, CharacterService characters, CharacterProperties properties) {
    this.service = service;
    this.characters = characters;
    this.properties = properties;
  }

  @PostMapping("/v1/personas")
  public Mono<ResponseEntity<PersonaView>> create(
      PlatformPrincipal principal, ServerHttpRequest request) {
    Bodies.requireType(request, MediaType.APPLICATION_JSON);
    return Bodies.read(request, properties.maxJsonBodyBytes())
        .flatMap(body -> Blocking.call(() -> service.create(principal, service.parse(body))))
        .map(view -> ResponseEntity.created(URI.create("/v1/personas/" + view.id())).body(view));
  }

  @GetMapping("/v1/personas")
  public Mono<Page<PersonaView>> list(
      PlatformPrincipal principal,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = characters.pageSize(limit);
    return Blocking.call(() -> service.list(principal, cursor, size));
  }

  @GetMapping("/v1/personas/{id}")
  public Mono<PersonaView> get(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.get(principal, Ids.parse(id)));
  }

  @PutMapping("/v1/personas/{id}")
  public Mono<PersonaView> update(
      PlatformPrincipal principal, @PathVariable String id, ServerHttpRequest request) {
    Bodies.requireType(request, MediaType.APPLICATION_JSON);
    return Bodies.read(request, properties.maxJsonBodyBytes())
        .flatMap(
            body ->
                Blocking.call(() -> service.update(principal, Ids.parse(id), service.parse(body))));
  }

  @DeleteMapping("/v1/personas/{id}")
  public Mono<ResponseEntity<Void>> delete(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.run(() -> service.delete(principal, Ids.parse(id)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @PutMapping("/v1/personas/{id}/avatar")
  public Mono<PersonaView> putAvatar(
      PlatformPrincipal principal, @PathVariable String id, ServerHttpRequest request) {
    MediaType type =
        Bodies.requireType(request, MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, AvatarImage.WEBP);
    return Bodies.read(request, properties.maxAvatarBytes())
        .flatMap(
            body ->
                Blocking.call(
                    () -> service.setAvatar(principal, Ids.parse(id), AvatarImage.of(type, body))));
  }

  @GetMapping("/v1/personas/{id}/avatar")
  public Mono<ResponseEntity<byte[]>> avatar(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.avatar(principal, Ids.parse(id)))
        .map(AvatarController::image);
  }
}
