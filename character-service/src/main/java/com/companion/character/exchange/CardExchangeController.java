package com.companion.character.exchange;

import com.companion.character.CharacterProperties;
import com.companion.character.character.CharacterView;
import com.companion.character.character.Visibility;
import com.companion.character.web.Bodies;
import com.companion.character.web.Ids;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.PlatformProblem;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/characters/import} (body: the card file) and {@code GET
 * /v1/characters/{id}/export?format=png|json&spec=v2|v3&version=}.
 */
@RestController
public class CardExchangeController {

  private final CardExchangeService service;
  private final CharacterProperties properties;

  public CardExchangeController(CardExchangeService service, CharacterProperties properties) {
    this.service = service;
    this.properties = properties;
  }

  @PostMapping("/v1/characters/import")
  public Mono<ResponseEntity<CharacterView>> importCard(
      PlatformPrincipal principal,
      @RequestParam(required = false) String visibility,
      ServerHttpRequest request) {
    MediaType type =
        Bodies.requireType(
            request,
            MediaType.IMAGE_PNG,
            MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_OCTET_STREAM);
    Visibility target = visibility == null ? Visibility.PRIVATE : Visibility.parse(visibility);
    return Bodies.read(request, properties.maxImportBytes())
        .flatMap(body -> Blocking.call(() -> service.importCard(principal, type, body, target)))
        .map(
            view ->
                ResponseEntity.created(URI.create("/v1/characters/" + view.id()))
                    .eTag("\"" + view.version() + "\"")
                    .body(view));
  }

  @GetMapping("/v1/characters/{id}/export")
  public Mono<ResponseEntity<byte[]>> export(
      PlatformPrincipal principal,
      @PathVariable String id,
      @RequestParam(required = false, defaultValue = "json") String format,
      @RequestParam(required = false) String spec,
      @RequestParam(required = false) Integer version) {
    CardExchangeService.Format parsed = format(format);
    return Blocking.call(() -> service.export(principal, Ids.parse(id), parsed, spec, version))
        .map(
            exported ->
                ResponseEntity.ok()
                    .contentType(exported.type())
                    .header("X-Content-Type-Options", "nosniff")
                    .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                            .filename(exported.fileName())
                            .build()
                            .toString())
                    .body(exported.bytes()));
  }

  private static CardExchangeService.Format format(String format) {
    try {
      return CardExchangeService.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw PlatformProblem.badRequest("format must be png or json").with("field", "format");
    }
  }
}
