package com.companion.gateway.completion;

import java.util.List;
import java.util.Map;

/**
 * A validated completion request in the node's terms.
 *
 * @param parameters sampling parameters with the node's (snake_case) names; absent ones omitted
 * @param routeKey prefix-affinity key, or null
 */
public record GenerationRequest(
    String model, List<Message> messages, Map<String, Object> parameters, String routeKey) {

  public GenerationRequest {
    messages = List.copyOf(messages);
    parameters = Map.copyOf(parameters);
  }

  public record Message(String role, String content, String name) {}
}
