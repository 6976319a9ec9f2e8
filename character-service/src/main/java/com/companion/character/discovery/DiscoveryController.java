package com.companion.character.discovery;

import com.companion.character.character.CharacterService;
import com.companion.character.character.CharacterSummary;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.platform.web.Blocking;
import com.companion.platform.web.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/characters?q=&tag=&sort=trending|newest|most_liked&cursor=&limit=}. */
@RestController
public class DiscoveryController {

  private final DiscoveryService discovery;
  private final CharacterService characters;

  public DiscoveryController(DiscoveryService discovery, CharacterService characters) {
    this.discovery = discovery;
    this.characters = characters;
  }

  @GetMapping("/v1/characters")
  public Mono<Page<CharacterSummary>> discover(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit,
      PlatformPrincipal principal) {
    int size = characters.pageSize(limit);
    return Blocking.call(() -> discovery.discover(principal, q, tag, sort, cursor, size));
  }
}
