package com.companion.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.companion.inference.TinyCheckpoint;
import com.companion.inference.model.ChatTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceEngineTest {

  @TempDir static Path dir;
  static InferenceEngine engine;

  @BeforeAll
  static void start() throws Exception {
    TinyCheckpoint.create(dir, TinyCheckpoint.config(0), 7);
    engine =
        InferenceEngine.open(
            dir, Device.cpu(), new EngineSettings(8L << 20, 4, 32, 64, 100_000, 24, true));
    engine.warmUp();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static long[] prompt(int length, int salt) {
    long[] p = new long[length];
    for (int i = 0; i < length; i++) {
      p[i] = 5 + (i * 31 + salt * 17) % 300;
    }
    return p;
  }

  static CompletableFuture<EngineResult> start(long[] prompt, SamplingParams sampling) {
    CompletableFuture<EngineResult> done = new CompletableFuture<>();
    List<Long> ids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    engine.submit(
        new GenerationRequest(prompt, sampling),
        new TokenStream.Listener() {
          @Override
          public void onToken(TokenEvent token) {
            ids.add(token.tokenId());
            text.append(token.text());
          }

          @Override
          public void onComplete(Completion completion) {
            done.complete(
                new EngineResult(
                    ids.stream().mapToLong(Long::longValue).toArray(),
                    text.toString(),
                    completion));
          }
        });
    return done;
  }

  record EngineResult(long[] tokens, String text, Completion completion) {}

  @Test
  void greedyOutputIsTheSameAloneAndInABatchOfSixteenMixedLengths() throws Exception {
    long[] probe = prompt(13, 1);
    long[] alone = start(probe, SamplingParams.greedy(12)).get(2, TimeUnit.MINUTES).tokens();
    List<CompletableFuture<EngineResult>> batch = new ArrayList<>();
    List<long[]> prompts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      long[] p = i == 5 ? probe : prompt(3 + i * 4, i + 2);
      prompts.add(p);
      batch.add(start(p, SamplingParams.greedy(12)));
    }
    for (int i = 0; i < 16; i++) {
      EngineResult r = batch.get(i).get(2, TimeUnit.MINUTES);
      if (i == 5) {
        assertArrayEquals(alone, r.tokens());
      }
      assertEquals(prompts.get(i).length, r.completion().promptTokens());
    }
  }

  @Test
  void aPrefixCacheHitGivesTheSameTokensAsAMiss() throws Exception {
    long[] persona = prompt(40, 9);
    long[] first = Arrays.copyOf(persona, 45);
    long[] second = Arrays.copyOf(persona, 47);
    for (int i = 40; i < 47; i++) {
      second[i] = 200 + i;
      if (i < 45) {
        first[i] = 100 + i;
      }
    }
    long hitsBefore = engine.metrics().prefixCacheHits.get();
    EngineResult miss = start(second, SamplingParams.greedy(10)).get(2, TimeUnit.MINUTES);
    start(first, SamplingParams.greedy(3)).get(2, TimeUnit.MINUTES);
    EngineResult hit = start(second, SamplingParams.greedy(10)).get(2, TimeUnit.MINUTES);
    assertArrayEquals(miss.tokens(), hit.tokens());
    // the shared 40-token persona is 10 full blocks of 4: found by the later requests
    assertTrue(engine.metrics().prefixCacheHits.get() - hitsBefore >= 40);
  }

  @Test
  void theSameSeedGivesTheSameTextAndAnotherSeedAnother() throws Exception {
    long[] p = prompt(9, 4);
    SamplingParams a = new SamplingParams(1.2, 0.95, 50, 0.01, 1.1, 0.1, 0.1, 42L, null, 16, true);
    SamplingParams b = new SamplingParams(1.2, 0.95, 50, 0.01, 1.1, 0.1, 0.1, 43L, null, 16, true);
    EngineResult one = start(p, a).get(2, TimeUnit.MINUTES);
    EngineResult two = start(p, a).get(2, TimeUnit.MINUTES);
    EngineResult other = start(p, b).get(2, TimeUnit.MINUTES);
    assertArrayEquals(one.tokens(), two.tokens());
    assertFalse(Arrays.equals(one.tokens(), other.tokens()));
  }

  @Test
  void maxTokensEndsWithLengthAndCountsTokens() throws Exception {
    EngineResult r = start(prompt(6, 3), SamplingParams.greedy(5)).get(2, TimeUnit.MINUTES);
    // the end-of-turn token may come first; otherwise exactly five tokens
    if (r.completion().finishReason() == FinishReason.LENGTH) {
      assertEquals(5, r.completion().completionTokens());
    } else {
      assertEquals(FinishReason.STOP, r.completion().finishReason());
    }
    assertEquals(6, r.completion().promptTokens());
  }

  @Test
  void aStopSequenceEndsTheTextBeforeIt() throws Exception {
    long[] p = prompt(8, 6);
    EngineResult free = start(p, SamplingParams.greedy(24)).get(2, TimeUnit.MINUTES);
    if (free.text().length() < 4) {
      return;
    }
    String stop = free.text().substring(2, 4);
    SamplingParams withStop =
        new SamplingParams(0, 1, 0, 0, 1, 0, 0, null, List.of(stop), 24, false);
    EngineResult stopped = start(p, withStop).get(2, TimeUnit.MINUTES);
    assertEquals(FinishReason.STOP, stopped.completion().finishReason());
    assertEquals(free.text().substring(0, free.text().indexOf(stop)), stopped.text());
  }

  @Test
  void cancellingFreesTheSlotAtTheNextStep() throws Exception {
    CountDownLatch firstToken = new CountDownLatch(1);
    CompletableFuture<Completion> done = new CompletableFuture<>();
    TokenStream stream =
        engine.submit(
            new GenerationRequest(prompt(5, 8), SamplingParams.sampled(1.0, 1L, 400)),
            new TokenStream.Listener() {
              @Override
              public void onToken(TokenEvent token) {
                firstToken.countDown();
              }

              @Override
              public void onComplete(Completion completion) {
                done.complete(completion);
              }
            });
    assertTrue(firstToken.await(2, TimeUnit.MINUTES));
    stream.cancel();
    Completion c = done.get(1, TimeUnit.MINUTES);
    assertEquals(FinishReason.CANCELLED, c.finishReason());
    assertTrue(c.completionTokens() < 400);
  }

  @Test
  void aFullQueueRefusesInsteadOfGrowing() throws Exception {
    try (InferenceEngine small =
        InferenceEngine.open(
            dir, Device.cpu(), new EngineSettings(1L << 20, 4, 1, 1, 1000, 16, true))) {
      List<TokenStream> streams = new ArrayList<>();
      TokenStream.Listener ignore =
          new TokenStream.Listener() {
            @Override
            public void onToken(TokenEvent token) {}

            @Override
            public void onComplete(Completion completion) {}
          };
      EngineOverloadedException refused =
          assertThrows(
              EngineOverloadedException.class,
              () -> {
                for (int i = 0; i < 50; i++) {
                  streams.add(
                      small.submit(
                          new GenerationRequest(prompt(6, i), SamplingParams.greedy(200)), ignore));
                }
              });
      assertTrue(refused.retryAfter().toSeconds() >= 1);
      streams.forEach(TokenStream::cancel);
    }
  }

  @Test
  void aPromptLongerThanTheContextIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> engine.submit(new GenerationRequest(prompt(600, 1), SamplingParams.greedy(4)), null));
  }

  @Test
  void chatMessagesAreRenderedWithTheTemplate() {
    long[] ids =
        engine.encodeChat(
            List.of(
                new ChatTemplate.Message("system", "You are ROMEO.", null),
                new ChatTemplate.Message("user", "Hello", "JULIET")));
    // special markers are single tokens: system=1 ... end=4, generation prompt ends with
    // character=3
    assertEquals(1, ids[0]);
    assertEquals(3, ids[ids.length - 1]);
    assertNotEquals(0, Arrays.stream(ids).filter(t -> t == 4).count());
  }
}
