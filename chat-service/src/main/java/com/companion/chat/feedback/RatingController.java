package com.companion.chat.feedback;

import com.companion.chat.conversation.MessageView;
import com.companion.contracts.auth.PlatformPrincipal;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Rating a reply. */
@RestController
public class RatingController {

  private final RatingService ratings;

  public RatingController(RatingService ratings) {
    this.ratings = ratings;
  }

  public record RatingBody(Integer stars, String reason) {}

  @PutMapping("/v1/conversations/{id}/messages/{messageId}/rating")
  public Mono<MessageView> rate(
      @PathVariable UUID id,
      @PathVariable UUID messageId,
      @RequestBody RatingBody body,
      PlatformPrincipal principal) {
    return ratings.rate(id, messageId, principal, body.stars(), body.reason());
  }
}
