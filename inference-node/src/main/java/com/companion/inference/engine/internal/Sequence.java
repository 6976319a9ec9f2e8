package com.companion.inference.engine.internal;

import com.companion.inference.engine.SamplingParams;
import com.companion.inference.engine.TokenStream;
import java.util.Arrays;
import java.util.Random;

/** One request's state inside the scheduler: tokens, KV block table, sampling and text state. */
final class Sequence implements TokenStream {

  final long[] prompt;
  final SamplingParams sampling;
  final TokenStream.Listener listener;
  final int maxTokens;
  final long arrivalNanos;
  final Random random;
  final int[] generatedCounts;
  final boolean[] seen;
  long[] generated = new long[16];
  int generatedLength;

  /** Tokens whose keys/values are in the cache. */
  int computed;

  int[] blockTable = new int[0];
  long[] blockHashes = new long[0];
  int registeredBlocks;
  int cachedPrefixTokens;
  int emittedChars;
  long admittedNanos;
  long lastTokenNanos;
  boolean finished;
  volatile boolean cancelled;

  Sequence(
      long[] prompt,
      SamplingParams sampling,
      TokenStream.Listener listener,
      int maxTokens,
      int vocab,
      long arrivalNanos) {
    this.prompt = prompt;
    this.sampling = sampling;
    this.listener = listener;
    this.maxTokens = maxTokens;
    this.arrivalNanos = arrivalNanos;
    this.random = sampling.seed() == null ? new Random() : new Random(sampling.seed());
    boolean penalties =
        sampling.repetitionPenalty() != 1.0
            || sampling.presencePenalty() != 0
            || sampling.frequencyPenalty() != 0;
    this.generatedCounts = penalties ? new int[vocab] : null;
    this.seen = penalties ? new boolean[vocab] : null;
    if (seen != null) {
      for (long t : prompt) {
        if (t >= 0 && t < vocab) {
          seen[(int) t] = true;
        }
      }
    }
  }

  boolean prefilling() {
    return computed < prompt.length;
  }

  int length() {
    return prompt.length + generatedLength;
  }

  long lastToken() {
    return generatedLength == 0 ? prompt[prompt.length - 1] : generated[generatedLength - 1];
  }

  void append(long token) {
    if (generatedLength == generated.length) {
      generated = Arrays.copyOf(generated, generated.length * 2);
    }
    generated[generatedLength++] = token;
    if (generatedCounts != null && token >= 0 && token < generatedCounts.length) {
      generatedCounts[(int) token]++;
      seen[(int) token] = true;
    }
  }

  long[] generatedTokens() {
    return Arrays.copyOf(generated, generatedLength);
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public int promptTokens() {
    return prompt.length;
  }
}
