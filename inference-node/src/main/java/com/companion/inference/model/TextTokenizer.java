package com.companion.inference.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint's {@code tokenizer.json}, loaded with the Hugging Face tokenizers library. */
public final class TextTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, long[]> specialIds = new HashMap<>();

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    for (String token : ChatTemplate.SPECIAL_TOKENS) {
      long[] ids = tokenizer.encode(token, false, false).getIds();
      if (ids.length == 1) {
        specialIds.put(token, ids);
      }
    }
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

  /** The id of a special token of the chat template, as a one-element array. */
  public long[] specialId(String token) {
    long[] id = specialIds.get(token);
    if (id == null) {
      throw new IllegalStateException("the tokenizer has no special token " + token);
    }
    return id.clone();
  }

  /**
   * Token ids of text in which nothing becomes a special token: a {@code <|user|>} written in it is
   * encoded as the characters it consists of.
   */
  public long[] encodePlain(String text) {
    List<String> pieces = ChatTemplate.plainPieces(text, ChatTemplate.SPECIAL_TOKENS);
    if (pieces.size() == 1) {
      return encode(text);
    }
    long[][] encoded = new long[pieces.size()][];
    int length = 0;
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = encode(pieces.get(i));
      length += encoded[i].length;
    }
    long[] ids = new long[length];
    int at = 0;
    for (long[] part : encoded) {
      System.arraycopy(part, 0, ids, at, part.length);
      at += part.length;
    }
    return ids;
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
