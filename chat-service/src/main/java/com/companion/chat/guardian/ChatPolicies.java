package com.companion.chat.guardian;

import com.companion.chat.Caller;
import reactor.core.publisher.Mono;

/** identity-service's guardian chat policy, asked with the user's own token. */
public interface ChatPolicies {

  /** The caller's policy now; fails when identity-service does not answer with one. */
  Mono<ChatPolicy> of(Caller caller);
}
