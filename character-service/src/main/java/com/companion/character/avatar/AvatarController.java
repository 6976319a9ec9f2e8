package com.companion.character.avatar;

import com.companion.character.CharacterProperties;
import com.companion.character.web.Bodies;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code PUT|GET|DELETE /v1/characters/{id}/avatar}: PNG, JPEG or WebP, size-limited. */
@RestController
public class AvatarController {

  private final AvatarService service;
  private final CharacterProperties properties;

  public AvatarController(AvatarService service, CharacterProperties properties) {
    this.service = service;
    this.properties = properties;
  }

  @PutMapping("/v1/characters/{id}/avatar")
  public Mono<AvatarService.AvatarRef> put(
      PlatformPrincipal principal, @PathVariable String id, ServerHttpRequest request) {
    MediaType type =
        Bodies.requireType(request, MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, AvatarImage.WEBP);
    return Bodies.read(request, properties.maxAvatarBytes())
        .flatMap(
            body ->
                Blocking.call(
                    () -> service.replace(principal, Ids.parse(id), AvatarImage.of(type, body))));
  }

  @DeleteMapping("/v1/characters/{id}/avatar")
  public Mono<ResponseEntity<Void>> delete(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.run(() -> service.remove(principal, Ids.parse(id)))
        .thenReturn(ResponseEntity.noContent().build());
  }

  @GetMapping("/v1/characters/{id}/avatar")
  public Mono<ResponseEntity<byte[]>> get(PlatformPrincipal principal, @PathVariable String id) {
    return Blocking.call(() -> service.get(principal, Ids.parse(id))).map(AvatarController::image);
  }

  /** Image bytes with their own type, never sniffed; the URL carries the hash, so cache long. */
  public static ResponseEntity<byte[]> image(AvatarImage image) {
    return ResponseEntity.ok()
        .contentType(image.contentType())
        .eTag("\"" + image.sha256() + "\"")
        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .body(image.bytes());
  }
}
