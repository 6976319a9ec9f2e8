package com.companion.inference.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The checkpoint's {@code tokenizer.json}, loaded with the Hugging Face tokenizers library. */
public final class TextTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public static TextTokenizer load(Path dir) throws IOException {
    Map<String, String> options =
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    return new TextTokenizer(
        HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"), options));
  }

  /** Token ids; special markers such as {@code <|user|>} in the text become their own ids. */
  public long[] encode(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  public String decode(long[] ids) {
    return tokenizer.decode(ids, false);
  }

  /** Decodes without the role markers, for text shown to a reader. */
  public String decodeText(long[] ids) {
    return tokenizer.decode(ids, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
