package com.companion.chat.prompt;

import com.companion.chat.prompt.internal.EstimatedTokenCounter;
import com.companion.chat.prompt.internal.HuggingFaceTokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What prompt budgets are measured with: the checkpoint's tokenizer and context length, found next
 * to each other in its folder ({@code tokenizer.json}, {@code config.json}).
 */
public record ModelTokenizer(TokenCounter counter, int contextTokens, String source) {

  private static final Logger log = LoggerFactory.getLogger(ModelTokenizer.class);

  /**
   * Loads {@code tokenizerJson}; when it is absent or unreadable, falls back to the estimate and
   * {@code defaultContextTokens}.
   */
  public static ModelTokenizer load(Path tokenizerJson, int defaultContextTokens) {
    Path file = tokenizerJson.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      log.warn("no tokenizer at {}: prompt budgets use the character estimate", file);
      return new ModelTokenizer(new EstimatedTokenCounter(), defaultContextTokens, "estimate");
    }
    try {
      TokenCounter counter = new CachingTokenCounter(HuggingFaceTokenCounter.load(file));
      return new ModelTokenizer(
          counter,
          contextTokens(file.resolveSibling("config.json"), defaultContextTokens),
          file.toString());
    } catch (Exception | UnsatisfiedLinkError e) {
      log.warn("cannot load tokenizer {}: prompt budgets use the character estimate", file, e);
      return new ModelTokenizer(new EstimatedTokenCounter(), defaultContextTokens, "estimate");
    }
  }

  static int contextTokens(Path configJson, int fallback) {
    if (!Files.isRegularFile(configJson)) {
      return fallback;
    }
    try {
      JsonNode config = JsonMapper.builder().build().readTree(Files.readString(configJson));
      int positions = config.path("max_position_embeddings").asInt(0);
      return positions > 0 ? positions : fallback;
    } catch (Exception e) {
      return fallback;
    }
  }
}
