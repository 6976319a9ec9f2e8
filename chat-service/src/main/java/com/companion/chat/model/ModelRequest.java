package com.companion.chat.model;

import java.util.List;

/**
 * One completion request.
 *
 * @param routeKey keeps one character's requests on nodes that already cache its prompt prefix
 */
public record ModelRequest(
    String model,
    List<ChatMessage> messages,
    int maxTokens,
    double temperature,
    double topP,
    int topK,
    double minP,
    double repetitionPenalty,
    String routeKey) {

  public ModelRequest {
    messages = List.copyOf(messages);
  }
}
