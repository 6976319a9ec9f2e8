package com.companion.chat.prompt.internal;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.companion.chat.prompt.TokenCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Counts with the model checkpoint's own {@code tokenizer.json}. */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public static HuggingFaceTokenCounter load(Path tokenizerJson) throws IOException {
    // the same options the inference node uses, so counts match what it will prefill
    Map<String, String> options =
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(tokenizerJson, options));
  }

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return tokenizer.encode(text, false, false).getIds().length;
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
