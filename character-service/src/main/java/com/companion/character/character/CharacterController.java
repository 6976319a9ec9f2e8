package com.companion.character.character;

import com.companion.character.CharacterProperties;
import com.companion.character.web.Bodies;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import com.companion.platform.web.PlatformProblem;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Create, read, version, update and delete characters; list the caller's own. */
@RestController
public class CharacterController {

  private final CharacterService service;
  private final CharacterProperties properties;

  public CharacterController(CharacterService service, CharacterProperties properties) {
    this.service = service;
    this.properties = properties;
  }

  @PostMapping("/v1/characters")
  public Mono<ResponseEntity<CharacterView>> create(
      PlatformPrincipal principal, ServerHttpRequest request) {
    Bodies.requireType(request, MediaType.APPLICATION_JSON);
    return Bodies.read(request, properties.maxJsonBodyBytes())
        .flatMap(body -> Blocking.call(() -> service.create(principal, service.parseDraft(body))))
        .map(
            view ->
                ResponseEntity.created(URI.create("/v1/characters/" + view.id()))
                    .eTag(etag(view.version()))
                    .body(view));
  }

  @GetMapping("/v1/characters/{id}")
  public Mono<ResponseEntity<CharacterView>> get(
      PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.get(principal, Ids.parse(id)))
        .map(view -> ResponseEntity.ok().eTag(etag(view.version())).body(view));
  }

  @GetMapping("/v1/characters/{id}/versions/{version}")
  public Mono<CharacterView> getVersion(
      PlatformPrincipal principal, @PathVariable String id, @PathVariable String version) {
    int number = versionNumber(version);
    return Blocking.call(() -> service.getVersion(principal, Ids.parse(id), number));
  }

  /** The owner's list of versions, oldest first; each card is read by {@link #getVersion}. */
  @GetMapping("/v1/characters/{id}/versions")
  public Mono<Page<CharacterVersionEntry>> versions(
      PlatformPrincipal principal,
      @PathVariable String id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = service.pageSize(limit);
    return Blocking.call(() -> service.listVersions(principal, Ids.parse(id), cursor, size));
  }

  @PutMapping("/v1/characters/{id}")
  public Mono<ResponseEntity<CharacterView>> update(
      PlatformPrincipal principal,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      ServerHttpRequest request) {
    Bodies.requireType(request, MediaType.APPLICATION_JSON);
    Integer expected = expectedVersion(ifMatch);
    return Bodies.read(request, properties.maxJsonBodyBytes())
        .flatMap(
            body ->
                Blocking.call(
                    () ->
                        service.update(
                            principal, Ids.parse(id), service.parseDraft(body), expected)))
        .map(view -> ResponseEntity.ok().eTag(etag(view.version())).body(view));
  }

  @DeleteMapping("/v1/characters/{id}")
  public Mono<ResponseEntity<Void>> delete(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.run(() -> service.delete(principal, Ids.parse(id)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @GetMapping("/v1/me/characters")
  public Mono<Page<CharacterSummary>> mine(
      PlatformPrincipal principal,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    int size = service.pageSize(limit);
    return Blocking.call(() -> service.listMine(principal, cursor, size));
  }

  private static String etag(int version) {
    return "\"" + version + "\"";
  }

  private static int versionNumber(String text) {
    try {
      int version = Integer.parseInt(text);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // an unknown version
    }
    throw PlatformProblem.notFound("no such version");
  }

  private static Integer expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
      return null;
    }
    String value = ifMatch.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    try {
      return Integer.parseInt(value.replace("\"", ""));
    } catch (NumberFormatException e) {
      throw PlatformProblem.badRequest("If-Match must be a version ETag such as \"3\"");
    }
  }
}
