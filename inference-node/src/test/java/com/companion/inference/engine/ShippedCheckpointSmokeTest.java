package com.companion.inference.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.companion.inference.model.ChatTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoint in model/ loads and answers; skipped where the folder is absent. */
class ShippedCheckpointSmokeTest {

  @Test
  void theShippedCheckpointLoadsAndSpeaks() throws Exception {
    Path dir = Path.of("model");
    assumeTrue(Files.exists(dir.resolve("model.safetensors")), "no shipped checkpoint here");
    try (InferenceEngine engine =
        InferenceEngine.open(
            dir, Device.cpu(), new EngineSettings(16L << 20, 16, 4, 4, 10_000, 256, true))) {
      assertTrue(engine.model().config().maxPositionEmbeddings() >= 2048);
      long[] prompt =
          engine.encodeChat(
              List.of(
                  new ChatTemplate.Message(
                      "system", "You are ROMEO. In this scene you speak with JULIET.", null),
                  new ChatTemplate.Message("user", "Wilt thou be gone?", "JULIET")));
      InferenceEngine.Result r =
          engine.generate(new GenerationRequest(prompt, SamplingParams.greedy(8)));
      assertTrue(r.completion().completionTokens() >= 1);
    }
  }
}
