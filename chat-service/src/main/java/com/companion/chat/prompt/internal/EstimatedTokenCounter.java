package com.companion.chat.prompt.internal;

import com.companion.chat.prompt.TokenCounter;

/**
 * The fallback when the checkpoint's tokenizer is not on this machine: one token per three
 * characters, rounded up, plus one per role marker. Small BPE vocabularies average three to four
 * characters per token on English, so this errs towards too many tokens and a prompt assembled with
 * it still fits the real context.
 */
public final class EstimatedTokenCounter implements TokenCounter {

  static final double CHARS_PER_TOKEN = 3.0;

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int markers = 0;
    for (int i = text.indexOf("<|"); i >= 0; i = text.indexOf("<|", i + 2)) {
      markers++;
    }
    return (int) Math.ceil(text.codePointCount(0, text.length()) / CHARS_PER_TOKEN) + markers;
  }
}
