package com.companion.chat.prompt.internal;

import com.companion.chat.prompt.TokenCounter;
import java.nio.charset.StandardCharsets;

/**
 * The fallback when the checkpoint's tokenizer is not on this machine: one token per UTF-8 byte,
 * plus one per role marker. The model's tokenizer is a byte-level BPE, so no text can take more
 * tokens than it has bytes: a prompt budgeted with this always fits the real context. It errs high
 * by about two (the shipped tokenizer averages 2.05 to 2.18 characters per token on the corpus),
 * which costs history, never correctness; an average such as three characters per token would
 * overrun the context on exactly the texts that tokenize worst.
 */
public final class EstimatedTokenCounter implements TokenCounter {

  /** Longest role marker ({@code <|character|>}) with room to spare. */
  private static final int MAX_MARKER_CHARS = 24;

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int tokens = 0;
    int plainFrom = 0;
    for (int i = text.indexOf("<|"); i >= 0; i = text.indexOf("<|", i + 2)) {
      int end = text.indexOf("|>", i + 2);
      if (end < 0 || end + 2 - i > MAX_MARKER_CHARS) {
        continue;
      }
      tokens += utf8Bytes(text, plainFrom, i) + 1;
      plainFrom = end + 2;
      i = end;
    }
    return tokens + utf8Bytes(text, plainFrom, text.length());
  }

  private static int utf8Bytes(String text, int from, int to) {
    return from >= to ? 0 : text.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
  }
}
